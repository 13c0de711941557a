// Plain JavaScript on purpose: an older Node cannot even parse our .ts files,
// so this is what tells the user why, in one line.
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  process.stderr.write(`error: this project needs Node.js 24 or newer (found ${process.version}); see .nvmrc\n`);
  process.exit(1);
}
