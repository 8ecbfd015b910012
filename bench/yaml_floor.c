/* The floor for bench/run.sh: parse YAML files with libyaml's event API and nothing else.
 *
 *   cc -O2 -o bench/out/yaml_floor bench/yaml_floor.c -lyaml
 *   bench/out/yaml_floor FILE|DIR...    prints "files=N bytes=N events=N"
 *
 * Each argument is a file, or a folder searched recursively for *.yaml and *.yml (as
 * policylint does). A file is read whole into memory, then yaml_parser_parse is called until
 * STREAM_END, counting events. Exit 0 when every file parses, 1 on a parse error, 2 on an
 * I/O or usage error.
 *
 * YAML_FLOOR_IN_PLACE=1: libyaml's reader is skipped as policylint skips it (see
 * Sources/PolicyYAML/LibYAMLDirectInput.swift): the parser's working buffer is pointed at the
 * file's bytes, followed by zeros, with the end-of-input flag set. Nothing then checks the
 * input (policylint checks it itself first), so this is libyaml's parsing alone: a floor below
 * the floor, for comparison only (bench/ab.sh floor-inplace), not the benchmark's floor.
 */
#define _XOPEN_SOURCE 700
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <yaml.h>

static unsigned long long n_files, n_bytes, n_events;
static int status;
static unsigned char *buf;
static size_t cap;
static int in_place;

static void parse_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (!f) { perror(path); status = 2; return; }
    size_t len = 0, got;
    for (;;) {
        if (len == cap) {
            cap = cap ? cap * 2 : (1u << 20);
            buf = realloc(buf, cap);
            if (!buf) { fputs("yaml_floor: out of memory\n", stderr); exit(2); }
        }
        got = fread(buf + len, 1, cap - len, f);
        len += got;
        if (got == 0) break;
    }
    if (ferror(f)) { perror(path); status = 2; }
    fclose(f);
    if (in_place && cap < len + 8) {
        cap = len + 8;
        buf = realloc(buf, cap);
        if (!buf) { fputs("yaml_floor: out of memory\n", stderr); exit(2); }
    }

    yaml_parser_t parser;
    yaml_event_t event;
    if (!yaml_parser_initialize(&parser)) { fputs("yaml_floor: init failed\n", stderr); exit(2); }
    yaml_parser_set_input_string(&parser, buf, len);
    /* In place: zeros after the text (the first is the NUL libyaml's reader appends at the end
     * of input), the reader's own buffer saved to be put back before yaml_parser_delete. */
    yaml_char_t *saved_start = parser.buffer.start, *saved_end = parser.buffer.end;
    yaml_char_t *saved_pointer = parser.buffer.pointer, *saved_last = parser.buffer.last;
    if (in_place && len > 0) {
        memset(buf + len, 0, 8);
        size_t bom = len >= 3 && buf[0] == 0xEF && buf[1] == 0xBB && buf[2] == 0xBF ? 3 : 0;
        yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
        parser.buffer.start = parser.buffer.pointer = buf + bom;
        parser.buffer.last = parser.buffer.end = buf + len + 1;
        parser.unread = len - bom + 1;
        parser.eof = 1;
    }
    for (;;) {
        if (!yaml_parser_parse(&parser, &event)) {
            fprintf(stderr, "%s:%lu:%lu: error: %s\n", path,
                    (unsigned long)parser.problem_mark.line + 1,
                    (unsigned long)parser.problem_mark.column + 1,
                    parser.problem ? parser.problem : "parse error");
            if (status == 0) status = 1;
            break;
        }
        n_events++;
        int done = event.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&event);
        if (done) break;
    }
    parser.buffer.start = saved_start; parser.buffer.end = saved_end;
    parser.buffer.pointer = saved_pointer; parser.buffer.last = saved_last;
    yaml_parser_delete(&parser);
    n_files++;
    n_bytes += len;
}

static int has_yaml_ext(const char *path) {
    const char *dot = strrchr(path, '.');
    return dot && (strcmp(dot, ".yaml") == 0 || strcmp(dot, ".yml") == 0);
}

static int visit(const char *path, const struct stat *st, int type, struct FTW *ftw) {
    (void)st; (void)ftw;
    if (type == FTW_F && has_yaml_ext(path)) parse_file(path);
    return 0;
}

int main(int argc, char **argv) {
    if (argc < 2) { fputs("usage: yaml_floor FILE|DIR...\n", stderr); return 2; }
    const char *mode = getenv("YAML_FLOOR_IN_PLACE");
    in_place = mode && strcmp(mode, "1") == 0;
    for (int i = 1; i < argc; i++) {
        struct stat st;
        if (stat(argv[i], &st) != 0) { perror(argv[i]); status = 2; continue; }
        if (S_ISDIR(st.st_mode)) {
            if (nftw(argv[i], visit, 32, FTW_PHYS) != 0) { perror(argv[i]); status = 2; }
        } else {
            parse_file(argv[i]);
        }
    }
    printf("files=%llu bytes=%llu events=%llu\n", n_files, n_bytes, n_events);
    free(buf);
    return status;
}
