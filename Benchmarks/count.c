/* The ceiling: parse the files with libcsv and count fields, nothing else.
 * gcc -O2 -o count Benchmarks/count.c -lcsv && ./count FILE... */
#include <csv.h>
#include <stdio.h>
#include <stdlib.h>

static void field(void *s, size_t len, void *data) { (void)s; (void)len; ++*(unsigned long *)data; }
static void row(int c, void *data) { (void)c; ++((unsigned long *)data)[1]; }

int main(int argc, char **argv) {
    unsigned long counts[2] = {0, 0};
    static char buf[1 << 16];
    for (int i = 1; i < argc; i++) {
        FILE *f = fopen(argv[i], "rb");
        if (!f) { perror(argv[i]); return 2; }
        struct csv_parser p;
        csv_init(&p, CSV_STRICT | CSV_APPEND_NULL);
        /* KoBo files are ';'-separated: take the delimiter from the first line. */
        size_t n = fread(buf, 1, sizeof buf, f);
        for (size_t j = 0; j < n && buf[j] != '\n'; j++) if (buf[j] == ';') { csv_set_delim(&p, ';'); break; }
        do {
            if (csv_parse(&p, buf, n, field, row, counts) != n) {
                fprintf(stderr, "%s: %s\n", argv[i], csv_strerror(csv_error(&p)));
                return 1;
            }
        } while ((n = fread(buf, 1, sizeof buf, f)) > 0);
        csv_fini(&p, field, row, counts);
        csv_free(&p);
        fclose(f);
    }
    printf("%lu fields, %lu records\n", counts[0], counts[1]);
    return 0;
}
