// A reproducer for kernel-job.yml: compiled with gcc -static and run once in each machine after
// init. Replace the body with the steps that trigger your crash; exit 0 when it ran.
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

int main(void) {
    char buf[256];
    int fd = open("/proc/self/status", O_RDONLY);
    if (fd < 0) {
        perror("open");
        return 1;
    }
    ssize_t n = read(fd, buf, sizeof buf);
    close(fd);
    printf("read %zd bytes\n", n);
    return 0;
}
