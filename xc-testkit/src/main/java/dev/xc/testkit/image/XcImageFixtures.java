package dev.xc.testkit.image;

import java.nio.charset.StandardCharsets;

/**
 * Image config documents for tests: the original xc's image config as Appendix C of the reference documents it
 * (the shape of {@code freebsdxc/freebsd:13.2} and every image {@code xc push} uploads), the smallest
 * {@code xc_extension} the original accepts, and a typical Docker Linux image config.
 */
public final class XcImageFixtures {

    private XcImageFixtures() {
    }

    /** Appendix C, pretty-printed as documented. */
    public static final String APPENDIX_C = """
            {
              "architecture": "amd64",
              "os": "FreeBSD",
              "config": {
                "AttachStderr": null,
                "AttachStdin": null,
                "AttachStdout": null,
                "Entrypoint": null,
                "Cmd": null,
                "Env": null,
                "Tty": null,
                "WorkingDir": null,
                "Volumes": null,
                "ExposedPorts": null,
                "User": null,
                "Labels": null,
                "StopSignal": null,
                "xc_extension": {
                  "version": "0.0.0+0",
                  "secure_level": 0,
                  "vnet": false,
                  "ports": {
                    "80/tcp": "http",
                    "8000-8010": ""
                  },
                  "devfs_rules": [
                    "path bpf* unhide"
                  ],
                  "allow": [
                    "raw_sockets"
                  ],
                  "sysv_msg": "disable",
                  "sysv_shm": "new",
                  "sysv_sem": "disable",
                  "envs": {
                    "DB_PASSWORD": {
                      "description": "password of the database",
                      "required": true,
                      "default_value": null
                    },
                    "LISTEN_PORT": {
                      "description": null,
                      "required": false,
                      "default_value": "80"
                    }
                  },
                  "entry_points": {
                    "main": {
                      "exec": "/usr/local/sbin/nginx",
                      "args": [
                        "-g",
                        "daemon off;"
                      ],
                      "environ": {
                        "PORT": "${LISTEN_PORT}",
                        "GREETING": "${NAME:-world}"
                      },
                      "clear_env": false,
                      "default_args": [],
                      "required_envs": [
                        "DB_PASSWORD"
                      ],
                      "work_dir": null,
                      "user": null,
                      "group": null
                    }
                  },
                  "default_entry_point": "main",
                  "special_mounts": [
                    {
                      "mount_point": "/dev/fd",
                      "mount_type": "fdescfs"
                    },
                    {
                      "mount_point": "/proc",
                      "mount_type": "procfs"
                    }
                  ],
                  "mounts": {
                    "/var/db/app": {
                      "description": "application data",
                      "destination": "/var/db/app",
                      "volume_hints": {
                        "zfs.compression": "off"
                      },
                      "read_only": false,
                      "required": false
                    }
                  },
                  "datasets": {},
                  "init": [
                    {
                      "exec": "/bin/sh",
                      "args": [
                        "-c",
                        "echo starting"
                      ],
                      "environ": {},
                      "clear_env": false,
                      "default_args": [],
                      "required_envs": [],
                      "work_dir": null,
                      "user": null,
                      "group": null
                    }
                  ],
                  "deinit": [],
                  "linux": false,
                  "linux_osname": null,
                  "linux_osrelease": null,
                  "linux_oss_version": null,
                  "labels": {
                    "maintainer": "someone@example.org"
                  },
                  "osrelease": null,
                  "osreldate": null
                }
              },
              "rootfs": {
                "type": "layers",
                "diff_ids": [
                  "sha256:0000000000000000000000000000000000000000000000000000000000000000"
                ]
              },
              "history": []
            }
            """;

    /** An {@code xc_extension} with only the keys the original requires; every other key takes its default. */
    public static final String MINIMAL_EXTENSION = """
            {"architecture":"amd64","os":"FreeBSD","config":{"xc_extension":{
              "secure_level":1,"ports":{},"devfs_rules":[],"allow":[],
              "entry_points":{"main":{"exec":"/bin/sh","args":[],"environ":{},"default_args":["-l"],
                                     "required_envs":[]}},
              "special_mounts":[],"mounts":{"/data":{"description":"data","destination":"/data",
                                                    "volume_hints":{},"read_only":true}}}},
             "rootfs":{"type":"layers","diff_ids":[]}}
            """;

    /** A Docker Linux image config (nginx-like), without an xc extension. */
    public static final String DOCKER_NGINX = """
            {"architecture":"amd64","os":"linux","created":"2024-01-01T00:00:00Z",
             "config":{"Env":["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
                              "NGINX_VERSION=1.25.3","HOME=$HOME/x","bad.name=1"],
                       "Entrypoint":["/docker-entrypoint.sh"],"Cmd":["nginx","-g","daemon off;","$1"],
                       "WorkingDir":"/usr/share/nginx","User":"101:101",
                       "ExposedPorts":{"80/tcp":{},"443/udp":{},"9000/sctp":{}},
                       "Volumes":{"/var/cache/nginx":{}},"Labels":{"maintainer":"NGINX Docker Maintainers"},
                       "StopSignal":"SIGQUIT","Healthcheck":{"Test":["CMD","true"]}},
             "rootfs":{"type":"layers","diff_ids":[
               "sha256:1111111111111111111111111111111111111111111111111111111111111111"]},
             "history":[{"created":"2024-01-01T00:00:00Z","created_by":"/bin/sh"}]}
            """;

    /** {@code text} as UTF-8 bytes. */
    public static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
