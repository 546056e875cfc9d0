/*
 * pgw_socket.h: the socket declarations the engine shares (struct
 * sockaddr_storage, socklen_t, POLLIN/POLLOUT, shutdown's SHUT_RDWR).
 * POSIX headers on POSIX systems, Winsock on Windows, where the socket
 * calls themselves live in transport_win.c. A socket is an int fd in the
 * engine on both: Winsock's SOCKET handles fit in 32 bits (they are kernel
 * handles), and INVALID_SOCKET becomes -1 in transport_win.c. Every
 * #ifdef for sockets outside the transport backends is in this file.
 */
#ifndef PGW_SOCKET_H
#define PGW_SOCKET_H

#ifndef _WIN32
#include <poll.h>
#include <sys/socket.h>
#include <sys/types.h>
#else
#include <winsock2.h>   /* before windows.h (pgw_thread.h) */
#include <ws2tcpip.h>
#include <sys/types.h>
#ifndef SHUT_RDWR
#define SHUT_RDWR SD_BOTH
#endif
#endif

#endif /* PGW_SOCKET_H */
