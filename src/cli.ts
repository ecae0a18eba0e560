#!/usr/bin/env node
// The `ccbulk` command's entry: V8's heap is tuned before the command line's modules load, since
// loading them is what first grows the young generation (to 32 MB, which it then keeps: V8 only
// reads the growth flag when it would grow it again). See src/cli/heap-tuning.ts.
import { tuneHeap } from './cli/heap-tuning.js';

// Every command is paced by the API until it says otherwise (a dry run: see runImportCommand).
tuneHeap('paced');
await import('./cli/main.js');
