// The floor: the peak RSS of a Node process that loads nothing and does nothing.
import { finish } from '../lib/child.mjs';

finish({});
