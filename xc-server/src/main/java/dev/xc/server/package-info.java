/**
 * {@code xcd}: the engine served as JSON over HTTP/1.1 on a UNIX socket, so that programs that are not root (and
 * {@code xc} itself) use one engine that is.
 *
 * <h2>Wire</h2>
 * One route per {@link dev.xc.api.Engine} method, described in {@code openapi.yaml} (a resource of this module);
 * bodies are the API records as JSON, errors {@code {"error": {"code", "message", "hint", "problems"}}} with one HTTP
 * status per error category. Long operations stream NDJSON events, logs and traces stream NDJSON lines, and exec,
 * consoles and leases use a framed full-duplex exchange. The route table and the JSON mapping are shared with the
 * client ({@code dev.xc.client.wire}).
 *
 * <h2>Access policy</h2>
 * The daemon reads the peer's credentials from the kernel on every call ({@code SO_PEERCRED}/{@code LOCAL_PEERCRED})
 * and applies these rules; a refusal is {@link dev.xc.api.ErrorCode#PERMISSION_DENIED} naming the user and the
 * operation:
 * <ul>
 *   <li><b>root</b> (uid 0) may do anything;</li>
 *   <li><b>any user who can connect</b> may read: {@code info}, the image, container, network, volume and redirect
 *       lists, inspections, and {@code plan} (which changes nothing);</li>
 *   <li><b>any user</b> may run or create containers and then owns them (the daemon records the creator's uid), but
 *       without the features that act on the host as root: {@code -o} jail parameters, {@code -z} datasets, host
 *       directories as volumes, {@code --copy}, {@code --extra-layer}, devfs approvals, {@code --ip} on host
 *       interfaces, {@code --enable-pf}, child jails, tap/tun devices, and host ports below 1024. Each feature used is
 *       reported at once;</li>
 *   <li><b>the owner or root</b> may start, kill, remove, exec in, attach to, link, read the logs of, publish ports of
 *       and add to a netgroup a container; a container without a recorded owner (created before this daemon started,
 *       or in-process) is root's alone;</li>
 *   <li><b>root only</b>: pulling, pushing, tagging, removing, importing, building, committing and purging images,
 *       registry logins, tracing, networks and volumes.</li>
 * </ul>
 * The owner map lives in the daemon's memory for now: after a restart, only root manages earlier containers. The
 * socket has mode 0660 and the group given with {@code --group}; connecting needs that group, and the checks above
 * apply to every call regardless.
 */
@NullMarked
package dev.xc.server;

import org.jspecify.annotations.NullMarked;
