/* What one reference-count operation costs on this machine, next to a plain add.
 *
 * Swift's retain and release are atomic read-modify-writes (`lock xadd`), even in a single
 * thread; libyaml, being C, does none. docs/performance.md ("This session (2026-12-04, from
 * 16:47 UTC)") weighs policylint's 7.3 million of them on the 10 MB corpus with this figure.
 *
 *   cc -O2 bench/atomic_cost.c -o /tmp/atomic_cost && /tmp/atomic_cost
 */
#include <stdio.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

int main(void) {
    /* Eight counters on eight cache lines, as a run touches many objects' counts. */
    static volatile long counts[64];
    const long n = 100000000;
    double t0 = now();
    for (long i = 0; i < n; i++) __atomic_fetch_add(&counts[(i & 7) * 8], 1, __ATOMIC_RELAXED);
    double t1 = now();
    for (long i = 0; i < n; i++) counts[(i & 7) * 8] += 1;
    double t2 = now();
    printf("atomic add %.2f ns, plain add %.2f ns (%ld each)\n", (t1 - t0) / n * 1e9, (t2 - t1) / n * 1e9, n);
    return 0;
}
