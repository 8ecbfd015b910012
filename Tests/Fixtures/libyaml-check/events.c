#include <yaml.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
static void esc(const unsigned char *s, size_t n) {
  for (size_t i = 0; i < n; i++) {
    unsigned char c = s[i];
    switch (c) {
      case '\\': fputs("\\\\", stdout); break;
      case '\0': fputs("\\0", stdout); break;
      case '\b': fputs("\\b", stdout); break;
      case '\n': fputs("\\n", stdout); break;
      case '\r': fputs("\\r", stdout); break;
      case '\t': fputs("\\t", stdout); break;
      default: putchar(c);
    }
  }
}
static void props(yaml_char_t *anchor, yaml_char_t *tag) {
  if (anchor) printf(" &%s", anchor);
  if (tag) printf(" <%s>", tag);
}
int main(int argc, char **argv) {
  FILE *f = fopen(argv[1], "rb");
  if (!f) return 3;
  yaml_parser_t p; yaml_event_t e;
  yaml_parser_initialize(&p);
  yaml_parser_set_input_file(&p, f);
  for (;;) {
    if (!yaml_parser_parse(&p, &e)) { printf("ERROR %s at %zu:%zu\n", p.problem ? p.problem : "?", p.problem_mark.line+1, p.problem_mark.column+1); return 1; }
    switch (e.type) {
      case YAML_STREAM_START_EVENT: puts("+STR"); break;
      case YAML_STREAM_END_EVENT: puts("-STR"); break;
      case YAML_DOCUMENT_START_EVENT: printf("+DOC%s\n", e.data.document_start.implicit ? "" : " ---"); break;
      case YAML_DOCUMENT_END_EVENT: printf("-DOC%s\n", e.data.document_end.implicit ? "" : " ..."); break;
      case YAML_MAPPING_START_EVENT: printf("+MAP%s", e.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE ? " {}" : ""); props(e.data.mapping_start.anchor, e.data.mapping_start.tag); puts(""); break;
      case YAML_MAPPING_END_EVENT: puts("-MAP"); break;
      case YAML_SEQUENCE_START_EVENT: printf("+SEQ%s", e.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE ? " []" : ""); props(e.data.sequence_start.anchor, e.data.sequence_start.tag); puts(""); break;
      case YAML_SEQUENCE_END_EVENT: puts("-SEQ"); break;
      case YAML_ALIAS_EVENT: printf("=ALI *%s\n", e.data.alias.anchor); break;
      case YAML_SCALAR_EVENT: {
        printf("=VAL"); props(e.data.scalar.anchor, e.data.scalar.tag);
        char st = ':';
        switch (e.data.scalar.style) { case YAML_SINGLE_QUOTED_SCALAR_STYLE: st='\''; break; case YAML_DOUBLE_QUOTED_SCALAR_STYLE: st='"'; break; case YAML_LITERAL_SCALAR_STYLE: st='|'; break; case YAML_FOLDED_SCALAR_STYLE: st='>'; break; default: break; }
        printf(" %c", st); esc(e.data.scalar.value, e.data.scalar.length); puts(""); break; }
      default: break;
    }
    int done = e.type == YAML_STREAM_END_EVENT;
    yaml_event_delete(&e);
    if (done) break;
  }
  yaml_parser_delete(&p);
  return 0;
}
