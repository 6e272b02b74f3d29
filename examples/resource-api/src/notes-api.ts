import { Elysia } from "elysia";
import { JotError, type Jot } from "@jot/elysia";

interface Note {
  id: number;
  owner: string;
  text: string;
}

/**
 * An API of its own — notes, kept per user — that accepts the tokens a jot server issues. It
 * only verifies them: the `jot()` it is given holds a verification key (the shared secret, the
 * jot server's public key or its JWKS URL) and the revocation store the jot server writes to.
 */
export function notesApi(auth: Jot) {
  const notes: Note[] = [];
  let nextId = 1;
  return new Elysia()
    .use(auth)
    .get("/notes", ({ identity }) => ({ notes: notes.filter((note) => note.owner === identity) }), { auth: true })
    .post(
      "/notes",
      ({ identity, body, set }) => {
        const text = (body as { text?: unknown } | undefined)?.text;
        // Refused with jot's error body, which the plugin answers for any JotError.
        if (typeof text !== "string" || text === "" || text.length > 1000) throw new JotError("invalid_request", "text must be 1 to 1000 characters");
        const note = { id: nextId++, owner: identity, text };
        notes.push(note);
        set.status = 201;
        return note;
      },
      { auth: true },
    )
    // Only a user with the role may see every note.
    .get("/notes/all", () => ({ notes }), { auth: { roles: ["admin"] } });
}
