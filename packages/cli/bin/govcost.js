#!/usr/bin/env node
// The govcost command. The code is in ../dist (built by `npm install` / `npm run build`).
import { run } from "../dist/main.js";

run(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
