// Messages between the app and its decode worker (decode-worker.ts).

export interface DecodeRequest {
  id: number;
  /** The file's name: it starts every error line, as the path does in the CLI's. */
  name: string;
  /** The whole file (transferred). */
  bytes: ArrayBuffer;
}

export type DecodeReply =
  | {
      id: number;
      ok: true;
      sampleRate: number;
      frames: number;
      format: string;
      layoutName: string;
      labels: string[];
      weights: number[];
      /** Planar samples (transferred). */
      channels: Float32Array[];
    }
  | {
      id: number;
      ok: false;
      /** "name: problem", the line the CLI prints after "busmeter: ". */
      message: string;
      /** The bytes are none of the formats the project's decoders read. */
      unknownFormat: boolean;
    };
