// Entry point of the kubeadm CLI (bin/kubeadm runs it, through src/launch.ts). Kept tiny: each
// command module keeps its heavy code behind a lazy import, so start-up cost stays close to
// `node -e 0`. No top-level await: the same file is built as an ES module (dist/main.js) and
// into the CommonJS bundle (dist/kubeadm.cjs).

async function main(argv: string[]): Promise<void> {
  try {
    const { runCli } = await import("./commands/index.js");
    process.exitCode = await runCli(argv);
  } catch (err) {
    // runCli reports command errors itself; this is for what escapes it (a broken installation)
    process.stderr.write(`${err && (err as Error).message ? (err as Error).message : String(err)}\n`);
    process.exitCode = 1;
  }
}

void main(process.argv.slice(2));
