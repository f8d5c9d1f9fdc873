/*
 * libebur128 timing harness for bench/run.mjs.
 *
 *   harness <file.f32> <channels> <rate> <chunkFrames> <readEveryFrames> <truePeak 0|1> <runs> <warmupFrames>
 *   harness --version
 *
 * <file.f32> holds raw interleaved native-endian float32 frames. The whole file is read into
 * memory first; only the measurement is timed (CLOCK_MONOTONIC): ebur128_init, feeding
 * ebur128_add_frames_float in <chunkFrames> chunks, and, every <readEveryFrames> frames (0 =
 * never), ebur128_loudness_momentary + ebur128_loudness_shortterm as a meter reading its
 * display would. Each run starts from a fresh state; a warm-up over the first <warmupFrames>
 * frames precedes the <runs> timed runs, and the best time is reported.
 *
 * Prints one JSON object on stdout:
 *   {"seconds":best,"runs":[...],"integrated":I,"lra":LRA,"truePeak":[...],"samplePeak":[...]}
 * with linear peaks (null when not measured) and LUFS/LU as libebur128 reports them.
 */
#define _POSIX_C_SOURCE 199309L
#include <ebur128.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_RUNS 16
#define MAX_CHANNELS 16

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void fail(const char* what) {
  fprintf(stderr, "libebur128-harness: %s\n", what);
  exit(1);
}

/* A JSON number, or null for values JSON cannot hold (-inf loudness of silence). */
static void print_number(double value) {
  if (isfinite(value)) printf("%.17g", value);
  else printf("null");
}

/* One measurement over frames [0, frames). Returns the state (caller destroys it). */
static ebur128_state* measure(const float* audio, size_t frames, unsigned channels, unsigned long rate,
                              size_t chunk, size_t read_every, int mode, volatile double* sink) {
  ebur128_state* st = ebur128_init(channels, rate, mode);
  if (!st) fail("ebur128_init failed");
  size_t next_read = read_every;
  for (size_t start = 0; start < frames; start += chunk) {
    size_t n = frames - start < chunk ? frames - start : chunk;
    if (ebur128_add_frames_float(st, audio + start * channels, n) != EBUR128_SUCCESS) fail("ebur128_add_frames_float failed");
    if (read_every && start + n >= next_read) {
      double m = 0, s = 0;
      ebur128_loudness_momentary(st, &m);
      ebur128_loudness_shortterm(st, &s);
      *sink += m + s;
      next_read += read_every;
    }
  }
  return st;
}

int main(int argc, char** argv) {
  if (argc == 2 && strcmp(argv[1], "--version") == 0) {
    int major, minor, patch;
    ebur128_get_version(&major, &minor, &patch);
    printf("%d.%d.%d\n", major, minor, patch);
    return 0;
  }
  if (argc != 9) fail("usage: harness <file.f32> <channels> <rate> <chunkFrames> <readEveryFrames> <truePeak 0|1> <runs> <warmupFrames>");
  const char* path = argv[1];
  unsigned channels = (unsigned)strtoul(argv[2], NULL, 10);
  unsigned long rate = strtoul(argv[3], NULL, 10);
  size_t chunk = strtoul(argv[4], NULL, 10);
  size_t read_every = strtoul(argv[5], NULL, 10);
  int true_peak = atoi(argv[6]);
  int runs = atoi(argv[7]);
  size_t warmup = strtoul(argv[8], NULL, 10);
  if (channels < 1 || channels > MAX_CHANNELS || rate < 1 || chunk < 1 || runs < 1 || runs > MAX_RUNS) fail("bad arguments");

  FILE* file = fopen(path, "rb");
  if (!file) fail("cannot open the audio file");
  if (fseek(file, 0, SEEK_END) != 0) fail("cannot seek the audio file");
  long bytes = ftell(file);
  rewind(file);
  size_t frames = (size_t)bytes / (sizeof(float) * channels);
  float* audio = malloc(frames * channels * sizeof(float));
  if (!audio) fail("out of memory");
  if (fread(audio, sizeof(float) * channels, frames, file) != frames) fail("short read");
  fclose(file);

  int mode = EBUR128_MODE_M | EBUR128_MODE_S | EBUR128_MODE_I | EBUR128_MODE_LRA | EBUR128_MODE_SAMPLE_PEAK;
  if (true_peak) mode |= EBUR128_MODE_TRUE_PEAK;
  volatile double sink = 0;

  if (warmup > 0) {
    ebur128_state* st = measure(audio, warmup < frames ? warmup : frames, channels, rate, chunk, read_every, mode, &sink);
    ebur128_destroy(&st);
  }

  double times[MAX_RUNS];
  double best = INFINITY;
  double integrated = 0, lra = 0;
  double tp[MAX_CHANNELS], sp[MAX_CHANNELS];
  for (int run = 0; run < runs; run++) {
    double t0 = now_seconds();
    ebur128_state* st = measure(audio, frames, channels, rate, chunk, read_every, mode, &sink);
    ebur128_loudness_global(st, &integrated);
    ebur128_loudness_range(st, &lra);
    for (unsigned c = 0; c < channels; c++) {
      ebur128_sample_peak(st, c, &sp[c]);
      if (true_peak) ebur128_true_peak(st, c, &tp[c]);
    }
    times[run] = now_seconds() - t0;
    if (times[run] < best) best = times[run];
    ebur128_destroy(&st);
  }

  printf("{\"seconds\":%.9f,\"runs\":[", best);
  for (int run = 0; run < runs; run++) printf("%s%.9f", run ? "," : "", times[run]);
  printf("],\"frames\":%zu,\"integrated\":", frames);
  print_number(integrated);
  printf(",\"lra\":");
  print_number(lra);
  printf(",\"truePeak\":");
  if (true_peak) {
    printf("[");
    for (unsigned c = 0; c < channels; c++) { printf("%s", c ? "," : ""); print_number(tp[c]); }
    printf("]");
  } else {
    printf("null");
  }
  printf(",\"samplePeak\":[");
  for (unsigned c = 0; c < channels; c++) { printf("%s", c ? "," : ""); print_number(sp[c]); }
  printf("]}\n");
  free(audio);
  return 0;
}
