/**
 * Reads a child's stdout and stderr as they come — so a full pipe never blocks it — and answers
 * a function that tells everything printed so far.
 */
export function collectOutput(child: { stdout: ReadableStream<Uint8Array>; stderr: ReadableStream<Uint8Array> }): () => string {
  let output = "";
  const collect = async (stream: ReadableStream<Uint8Array>) => {
    const reader = stream.getReader();
    const decoder = new TextDecoder();
    for (let read = await reader.read(); !read.done; read = await reader.read()) output += decoder.decode(read.value, { stream: true });
  };
  void collect(child.stdout);
  void collect(child.stderr);
  return () => output;
}
