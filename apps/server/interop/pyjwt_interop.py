"""PyJWT's side of jot's interoperability check.

Reads one JSON object on stdin:
  {"algorithm": "ES256", "verify_key": "<secret or public PEM>", "token": "<jot's token>",
   "sign_key": "<secret or private PEM>", "claims": [{...}, ...], "kid": "<jot's kid or null>"}
verifies `token` with PyJWT (only `algorithm` allowed), signs each claims set in `claims` with the
same algorithm and key, and prints {"verified": <claims PyJWT read>, "signed": ["<PyJWT's token>", ...]},
each token exactly as PyJWT emits it.
A token PyJWT refuses ends the script with status 1 and PyJWT's message on stderr.
"""
import json
import sys

import jwt


def main() -> int:
    job = json.load(sys.stdin)
    algorithm = job["algorithm"]
    try:
        verified = jwt.decode(
            job["token"],
            job["verify_key"],
            algorithms=[algorithm],
            options={"require": ["exp", "iat", "nbf", "jti", "sub"]},
        )
    except jwt.PyJWTError as error:
        print(f"PyJWT refused jot's token: {error}", file=sys.stderr)
        return 1
    headers = {"typ": "JWT"}
    if job.get("kid"):
        headers["kid"] = job["kid"]
    signed = [jwt.encode(claims, job["sign_key"], algorithm=algorithm, headers=headers) for claims in job["claims"]]
    print(json.dumps({"verified": verified, "signed": signed}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
