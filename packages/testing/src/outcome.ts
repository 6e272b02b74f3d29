/** Status, body and `WWW-Authenticate` of a response, for one `toEqual`. */
export async function outcome(response: Response): Promise<{ status: number; body: unknown; challenge: string | null }> {
  return { status: response.status, body: await response.json(), challenge: response.headers.get("www-authenticate") };
}
