/*
 * relay.c: the smoke suite's TCP relay (relay.h). One thread runs a
 * select() loop over the listening socket and every relayed pair of
 * sockets; blocking sends are fine on loopback with small messages.
 */
#include <winsock2.h>
#include <ws2tcpip.h>
#include <windows.h>
#include <stdbool.h>
#include <stdlib.h>

#include "relay.h"

#define MAX_PAIRS 16
#define HOLD_MAX_MS 20000

typedef struct pair {
    SOCKET client, server;        /* INVALID_SOCKET when closed */
} pair;

struct relay {
    SOCKET listener;
    int port;
    struct addrinfo *upstream;
    HANDLE thread;
    pair pairs[MAX_PAIRS];
    int npairs;                   /* pairs[0] is the first connection */
    volatile LONG quit, frozen, probes;
    volatile LONG hold_until;     /* hold pairs[0]'s replies until probes reach this */
    ULONGLONG hold_deadline;
};

static void pair_close(pair *p)
{
    if (p->client != INVALID_SOCKET)
        closesocket(p->client);
    if (p->server != INVALID_SOCKET)
        closesocket(p->server);
    p->client = p->server = INVALID_SOCKET;
}

static bool holding(relay *r)
{
    if (r->hold_until <= 0)
        return false;
    if (r->probes >= r->hold_until || GetTickCount64() > r->hold_deadline) {
        InterlockedExchange(&r->hold_until, 0);
        return false;
    }
    return true;
}

/* Takes a new connection and connects it on to the server. */
static void accept_one(relay *r)
{
    SOCKET c = accept(r->listener, NULL, NULL);
    if (c == INVALID_SOCKET)
        return;
    SOCKET s = socket(r->upstream->ai_family, SOCK_STREAM, IPPROTO_TCP);
    if (r->npairs == MAX_PAIRS || s == INVALID_SOCKET ||
        connect(s, r->upstream->ai_addr, (int)r->upstream->ai_addrlen) != 0) {
        closesocket(c);
        if (s != INVALID_SOCKET)
            closesocket(s);
        return;
    }
    r->pairs[r->npairs++] = (pair){c, s};
    if (r->npairs > 1)
        InterlockedIncrement(&r->probes);
}

/* Moves what `from` has to `to`; closes the pair on EOF or error. */
static void forward(pair *p, SOCKET from, SOCKET to)
{
    char buf[16384];
    int n = recv(from, buf, sizeof buf, 0);
    for (int off = 0; n > 0 && off < n;) {
        int w = send(to, buf + off, n - off, 0);
        if (w <= 0) {
            n = -1;
            break;
        }
        off += w;
    }
    if (n <= 0)
        pair_close(p);
}

static DWORD WINAPI relay_loop(void *arg)
{
    relay *r = arg;
    while (!r->quit) {
        if (r->frozen) {
            Sleep(50);
            continue;
        }
        fd_set rd;
        FD_ZERO(&rd);
        FD_SET(r->listener, &rd);
        for (int i = 0; i < r->npairs; i++) {
            pair *p = &r->pairs[i];
            if (p->client == INVALID_SOCKET)
                continue;
            FD_SET(p->client, &rd);
            if (!(i == 0 && holding(r)))
                FD_SET(p->server, &rd);
        }
        struct timeval tv = {0, 50000};   /* to see quit, frozen and the hold's end */
        if (select(0, &rd, NULL, NULL, &tv) <= 0)
            continue;
        if (FD_ISSET(r->listener, &rd))
            accept_one(r);
        for (int i = 0; i < r->npairs; i++) {
            pair *p = &r->pairs[i];
            if (p->client != INVALID_SOCKET && FD_ISSET(p->client, &rd))
                forward(p, p->client, p->server);
            if (p->server != INVALID_SOCKET && FD_ISSET(p->server, &rd))
                forward(p, p->server, p->client);
        }
    }
    return 0;
}

relay *relay_start(const char *host, const char *port)
{
    WSADATA wsa;
    if (WSAStartup(MAKEWORD(2, 2), &wsa) != 0)
        return NULL;
    relay *r = calloc(1, sizeof *r);
    if (r == NULL)
        return NULL;
    r->listener = INVALID_SOCKET;
    struct addrinfo hints = {.ai_family = AF_INET, .ai_socktype = SOCK_STREAM};
    if (getaddrinfo(host, port, &hints, &r->upstream) != 0) {
        r->upstream = NULL;
        goto fail;
    }
    r->listener = socket(AF_INET, SOCK_STREAM, IPPROTO_TCP);
    struct sockaddr_in a = {.sin_family = AF_INET};
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    int len = sizeof a;
    if (r->listener == INVALID_SOCKET || bind(r->listener, (struct sockaddr *)&a, len) != 0 ||
        listen(r->listener, 16) != 0 ||
        getsockname(r->listener, (struct sockaddr *)&a, &len) != 0)
        goto fail;
    r->port = ntohs(a.sin_port);
    r->thread = CreateThread(NULL, 0, relay_loop, r, 0, NULL);
    if (r->thread == NULL)
        goto fail;
    return r;
fail:
    if (r->listener != INVALID_SOCKET)
        closesocket(r->listener);
    if (r->upstream)
        freeaddrinfo(r->upstream);
    free(r);
    return NULL;
}

int relay_port(const relay *r)
{
    return r->port;
}

void relay_hold_replies(relay *r, int probes)
{
    r->hold_deadline = GetTickCount64() + HOLD_MAX_MS;
    InterlockedExchange(&r->hold_until, r->probes + probes);
}

void relay_freeze(relay *r)
{
    InterlockedExchange(&r->frozen, 1);
}

int relay_probes(relay *r)
{
    return (int)r->probes;
}

void relay_stop(relay *r)
{
    if (r == NULL)
        return;
    InterlockedExchange(&r->quit, 1);
    WaitForSingleObject(r->thread, INFINITE);
    CloseHandle(r->thread);
    for (int i = 0; i < r->npairs; i++)
        pair_close(&r->pairs[i]);
    closesocket(r->listener);
    freeaddrinfo(r->upstream);
    free(r);
}
