// The busmeter app (index.html): one <busmeter-panel> fed by an audio interface, an audio file
// or a built-in test signal.
//
// Sample rates: the AudioContext runs at the source's own rate wherever that is known (the
// input device's rate, the file's rate), so samples reach the meter unresampled and sample
// peaks read as recorded. Test signals are generated at whatever rate the context has.

import './paint-mode.js';
import '../components/index.js';
import './app.css';
import './dom.js';
import './session.js';
import './tabs.js';
import './controls.js';
import './input-source.js';
import './file-source.js';
import './signal-source.js';
import './reference-ab.js';
import { loadPrefs } from './controls.js';
import { refreshDevices } from './input-source.js';

loadPrefs();
void refreshDevices();
