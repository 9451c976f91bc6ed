// The contract's AsyncAPI tools live in Tools/Npm/contract's own package; without its install, say how to get it.
export async function contractTool(name) {
  try {
    return await import(name);
  } catch (error) {
    if (error?.code !== 'ERR_MODULE_NOT_FOUND') {
      throw error;
    }
    console.error(`error: ${name} is not installed. The contract tools have their own package: run npm ci --prefix Tools/Npm/contract (once), then try again.`);
    process.exit(1);
  }
}
