// Device input for the live meter: listing and opening inputs, and LiveInput (recovery).
export {
  checkInputTrack, forgetInputChoice, listAudioInputs, loadInputChoice, meterConstraints, openAudioInput,
  saveInputChoice,
  type AudioInputInfo, type OpenAudioInputOptions, type OpenedAudioInput, type StoredInputChoice,
} from './devices.js';
export {
  INPUT_LAYOUTS, LiveInput, type InputLayout,
  type LiveInputEventMap, type LiveInputOptions, type LiveInputState, type LiveInputStatus, type LiveInputWarnings,
} from './live-input.js';
