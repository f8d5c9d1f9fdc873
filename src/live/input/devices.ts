// Audio input devices: listing them, opening one with the browser's voice processing turned
// off (a meter must see the signal as it is), and saying in plain words when the browser did
// not do what was asked.

export interface AudioInputInfo {
  deviceId: string;
  groupId: string;
  /** Empty until the page has microphone permission (browsers hide labels before that). */
  label: string;
}

/** The audio inputs; labels are filled only after permission has been granted once. */
export async function listAudioInputs(): Promise<AudioInputInfo[]> {
  if (!navigator.mediaDevices?.enumerateDevices) return [];
  const devices = await navigator.mediaDevices.enumerateDevices();
  return devices
    .filter((device) => device.kind === 'audioinput')
    .map(({ deviceId, groupId, label }) => ({ deviceId, groupId, label }));
}

export interface OpenAudioInputOptions {
  /** A deviceId from listAudioInputs(); default: the browser's default input. */
  deviceId?: string;
  /**
   * First channel (0-based) of the pair to meter on interfaces with more than two inputs:
   * 0 = inputs 1–2, 2 = inputs 3–4, … Asks the device for at least channelPair + 2 channels.
   */
  channelPair?: number;
  /** Replaces the audio constraints entirely (advanced; the warnings still check the result). */
  constraints?: MediaTrackConstraints | true;
}

export interface OpenedAudioInput {
  stream: MediaStream;
  track: MediaStreamTrack;
  settings: MediaTrackSettings;
  /** Channels the track delivers (from its settings; 2 when the browser does not say). */
  channelCount: number;
  /** Plain-words problems: processing the browser kept on, fewer channels than asked. */
  warnings: string[];
}

/** The constraints a meter asks for: every kind of voice processing off, at least `channels` channels. */
export function meterConstraints(deviceId: string | undefined, channels: number): MediaTrackConstraints {
  return {
    ...(deviceId ? { deviceId: { exact: deviceId } } : {}),
    echoCancellation: false,
    noiseSuppression: false,
    autoGainControl: false,
    channelCount: { ideal: Math.max(2, channels) },
  };
}

/** A setting counts as "on" unless the browser reports it as false (newer browsers may report a string such as "all"). */
function isOn(value: unknown): boolean {
  return value !== undefined && value !== false;
}

/**
 * What is wrong with `track` for metering: voice processing still on, or fewer channels than
 * `wantedChannels`. An empty list means the track delivers the signal as the device has it.
 */
export function checkInputTrack(track: MediaStreamTrack, wantedChannels = 2): string[] {
  const settings = track.getSettings();
  const warnings: string[] = [];
  if (isOn(settings.echoCancellation)) warnings.push('The browser kept echo cancellation on: levels will be wrong.');
  if (isOn(settings.noiseSuppression)) warnings.push('The browser kept noise suppression on: quiet passages and peaks will be wrong.');
  if (isOn(settings.autoGainControl)) warnings.push('The browser kept automatic gain control on: levels will be wrong.');
  // A browser may not report a setting at all (WebKit reports echo cancellation only).
  const unreported = ([['echoCancellation', 'echo cancellation'], ['noiseSuppression', 'noise suppression'], ['autoGainControl', 'automatic gain control']] as const)
    .filter(([key]) => settings[key] === undefined).map(([, words]) => words);
  if (unreported.length > 0) {
    const list = unreported.length === 1 ? unreported[0] : `${unreported.slice(0, -1).join(', ')} and ${unreported[unreported.length - 1]}`;
    warnings.push(`The browser does not say whether ${list} ${unreported.length === 1 ? 'is' : 'are'} off: if ${unreported.length === 1 ? 'it is' : 'they are'} on, levels will be wrong.`);
  }
  const channels = settings.channelCount;
  if (typeof channels === 'number' && channels < wantedChannels) {
    warnings.push(
      channels === 1
        ? `The input came back mono although ${wantedChannels} channels were asked for: the meter shows one channel's signal.`
        : `The input has ${channels} channels, fewer than the ${wantedChannels} asked for.`,
    );
  }
  return warnings;
}

/** Opens an input for metering and reports what the browser did not grant (see checkInputTrack). */
export async function openAudioInput(options: OpenAudioInputOptions = {}): Promise<OpenedAudioInput> {
  if (!navigator.mediaDevices?.getUserMedia) {
    throw new Error('this browser cannot open audio inputs here (getUserMedia needs https or localhost)');
  }
  const pair = options.channelPair ?? 0;
  if (!Number.isInteger(pair) || pair < 0) throw new RangeError(`channelPair must be a whole number from 0, got ${pair}`);
  const wanted = pair + 2;
  const audio = options.constraints ?? meterConstraints(options.deviceId, wanted);
  const stream = await navigator.mediaDevices.getUserMedia({ audio });
  const track = stream.getAudioTracks()[0];
  if (!track) {
    for (const t of stream.getTracks()) t.stop();
    throw new Error('the browser returned no audio track');
  }
  const settings = track.getSettings();
  const warnings = checkInputTrack(track, wanted);
  return { stream, track, settings, channelCount: typeof settings.channelCount === 'number' ? settings.channelCount : 2, warnings };
}

// ---- The remembered choice ----

export interface StoredInputChoice {
  deviceId: string;
  groupId: string;
  label: string;
  channelPair: number;
}

const STORAGE_KEY = 'busmeter.input';

/** The input chosen last time, or null (also when storage is unavailable or holds junk). */
export function loadInputChoice(): StoredInputChoice | null {
  try {
    const raw = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (!raw) return null;
    const value = JSON.parse(raw) as Partial<StoredInputChoice>;
    if (typeof value.deviceId !== 'string') return null;
    return {
      deviceId: value.deviceId,
      groupId: typeof value.groupId === 'string' ? value.groupId : '',
      label: typeof value.label === 'string' ? value.label : '',
      channelPair: Number.isInteger(value.channelPair) && value.channelPair! >= 0 ? value.channelPair! : 0,
    };
  } catch {
    return null;
  }
}

export function saveInputChoice(choice: StoredInputChoice): void {
  try {
    globalThis.localStorage?.setItem(STORAGE_KEY, JSON.stringify(choice));
  } catch {
    // Private mode or storage full: the choice is simply not remembered.
  }
}

export function forgetInputChoice(): void {
  try {
    globalThis.localStorage?.removeItem(STORAGE_KEY);
  } catch {
    // Nothing to forget.
  }
}
