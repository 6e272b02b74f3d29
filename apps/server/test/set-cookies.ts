/** The cookies a response sets, by name: value and attributes (`Path=/`, `HttpOnly`, …). */
export function setCookies(response: Response): Record<string, { value: string; attributes: string[] }> {
  return Object.fromEntries(
    response.headers.getSetCookie().map((line) => {
      const [pair = "", ...attributes] = line.split("; ");
      const separator = pair.indexOf("=");
      return [pair.slice(0, separator), { value: pair.slice(separator + 1), attributes }];
    }),
  );
}
