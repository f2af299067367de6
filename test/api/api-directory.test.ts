/** The API suite on the embedded directory store. */
import { DirectoryStore } from '../../src/store/directory.js';
import { defineApiSuite } from './suite.js';

defineApiSuite('directory store', async (dir) => new DirectoryStore(dir));
