// Culprit's kernel end-to-end reproducer: names the task with a name that fills the whole
// comm buffer (15 characters), which reaches the planted prctl(PR_SET_NAME) code path.
#include <stdio.h>
#include <sys/prctl.h>

int main(void)
{
	if (prctl(PR_SET_NAME, "culprit-repro-1", 0, 0, 0) != 0) {
		perror("prctl");
		return 1;
	}
	puts("repro: prctl done");
	return 0;
}
