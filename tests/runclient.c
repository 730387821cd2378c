/* The run server's client in C (tests/runserver.py says what it is for and the
 * protocol): `runclient SOCKET SCRIPT ARGS...` in place of `python SCRIPT ARGS...`.
 * 1 ms of CPU where the Python client takes 20; tests/runserver.py builds it with the
 * machine's C compiler, and uses its Python client where there is none. */
#define _GNU_SOURCE
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

extern char **environ;
static volatile pid_t child = 0;

static void pass_on(int signum) {
    if (child > 0) kill(child, signum);
}

static void fail(const char *what) {
    fprintf(stderr, "runclient: %s: %s\n", what, strerror(errno));
    exit(1);
}

static void put(char **buf, size_t *len, size_t *cap, const char *field) {
    size_t n = strlen(field) + 1; /* with its NUL */
    while (*len + n > *cap) {
        *cap = *cap * 2 + n;
        *buf = realloc(*buf, *cap);
        if (!*buf) fail("realloc");
    }
    memcpy(*buf + *len, field, n);
    *len += n;
}

/* the next "WORD N\n" line from the server: N, or exits 1 if the server went away */
static long answer(int sock, const char *word) {
    char line[64];
    size_t n = 0;
    while (n < sizeof line - 1) {
        ssize_t got = read(sock, line + n, 1);
        if (got < 0 && errno == EINTR) continue;
        if (got <= 0) {
            fprintf(stderr, "runclient: the run server went away\n");
            exit(1);
        }
        if (line[n] == '\n') break;
        n++;
    }
    line[n] = 0;
    size_t w = strlen(word);
    if (strncmp(line, word, w) != 0 || line[w] != ' ') {
        fprintf(stderr, "runclient: unexpected answer: %s\n", line);
        exit(1);
    }
    return strtol(line + w + 1, NULL, 10);
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: runclient SOCKET SCRIPT [ARGS...]\n");
        return 2;
    }
    int sock = socket(AF_UNIX, SOCK_STREAM, 0);
    if (sock < 0) fail("socket");
    struct sockaddr_un address = {.sun_family = AF_UNIX};
    strncpy(address.sun_path, argv[1], sizeof address.sun_path - 1);
    if (connect(sock, (struct sockaddr *)&address, sizeof address) < 0) fail(argv[1]);

    /* cwd, the number of arguments, the arguments, the environment: NUL-terminated */
    size_t len = 0, cap = 4096;
    char *payload = malloc(cap), count[32];
    if (!payload) fail("malloc");
    char *cwd = getcwd(NULL, 0);
    if (!cwd) fail("getcwd");
    put(&payload, &len, &cap, cwd);
    snprintf(count, sizeof count, "%d", argc - 2);
    put(&payload, &len, &cap, count);
    for (int i = 2; i < argc; i++) put(&payload, &len, &cap, argv[i]);
    for (char **e = environ; *e; e++) put(&payload, &len, &cap, *e);

    char header[32];
    int header_len = snprintf(header, sizeof header, "%zu\n", len);
    int fds[3] = {0, 1, 2};
    char control[CMSG_SPACE(sizeof fds)];
    memset(control, 0, sizeof control);
    struct iovec iov = {.iov_base = header, .iov_len = (size_t)header_len};
    struct msghdr message = {.msg_iov = &iov, .msg_iovlen = 1, .msg_control = control,
                             .msg_controllen = sizeof control};
    struct cmsghdr *cmsg = CMSG_FIRSTHDR(&message);
    cmsg->cmsg_level = SOL_SOCKET;
    cmsg->cmsg_type = SCM_RIGHTS;
    cmsg->cmsg_len = CMSG_LEN(sizeof fds);
    memcpy(CMSG_DATA(cmsg), fds, sizeof fds);
    if (sendmsg(sock, &message, 0) != header_len) fail("sendmsg");
    for (size_t sent = 0; sent < len;) {
        ssize_t n = write(sock, payload + sent, len - sent);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) fail("write");
        sent += (size_t)n;
    }

    child = (pid_t)answer(sock, "pid");
    int forwarded[] = {SIGTERM, SIGINT, SIGHUP, SIGQUIT};
    for (size_t i = 0; i < sizeof forwarded / sizeof *forwarded; i++) {
        struct sigaction action = {.sa_handler = pass_on};
        sigaction(forwarded[i], &action, NULL);
    }
    long code = answer(sock, "exit");
    if (code < 0) { /* as the interpreter itself would have ended */
        signal((int)-code, SIG_DFL);
        kill(getpid(), (int)-code);
    }
    return (int)code;
}
