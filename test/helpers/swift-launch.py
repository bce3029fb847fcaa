"""Start one piece of the tests' single-node OpenStack Swift (test/helpers/swift.ts).

Run with Debian's /usr/bin/python3 (the swift packages install the `swift`
module there):

    swift-launch.py PARENT_PID rings SWIFT_DIR ACCOUNT_PORT CONTAINER_PORT OBJECT_PORT
    swift-launch.py PARENT_PID server SWIFT_DIR NAME CONF   (NAME: proxy-server, ...)
    swift-launch.py PARENT_PID exec PROGRAM ARGS...          (memcached)

Every process dies with the Node process that started it (PR_SET_PDEATHSIG),
even when that process is killed outright and cannot stop it. Swift reads
SWIFT_DIR/swift.conf instead of /etc/swift/swift.conf, so nothing outside the
temp folder is read or written.
"""

import ctypes
import os
import signal
import sys

PR_SET_PDEATHSIG = 1


def die_with_parent(parent_pid):
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL) != 0:
        sys.exit('prctl(PR_SET_PDEATHSIG) failed: errno %d' % ctypes.get_errno())
    # The parent may have gone before the line above took effect.
    if os.getppid() != parent_pid:
        sys.exit('the process that started this one is gone')


def use_swift_dir(swift_dir):
    import swift.common.utils as utils

    utils.SWIFT_CONF_FILE = os.path.join(swift_dir, 'swift.conf')
    utils.HASH_PATH_PREFIX = b''
    utils.HASH_PATH_SUFFIX = b''
    utils.validate_hash_conf()
    # Swift logs to syslog as well as to the console; with no /dev/log it would
    # send every line over UDP to port 514. The console (read by swift.ts) is enough.
    utils.ThreadSafeSysLogHandler.emit = lambda self, record: None


def build_rings(swift_dir, ports):
    """swift-ring-builder's own commands, in one process (one Python start, not nine)."""
    from swift.cli.ringbuilder import main

    for ring, port in zip(('account', 'container', 'object'), ports):
        builder = os.path.join(swift_dir, '%s.builder' % ring)
        for args in (
            ['create', '6', '1', '0'],  # 2^6 partitions, 1 replica, no min hours between moves
            ['add', 'r1z1-127.0.0.1:%s/d1' % port, '1'],
            ['rebalance'],
        ):
            try:
                main(['swift-ring-builder', builder] + args)
            except SystemExit as e:
                if e.code not in (None, 0, 1):  # 1 is a warning
                    raise


def main():
    parent_pid, command = int(sys.argv[1]), sys.argv[2]
    die_with_parent(parent_pid)
    if command == 'exec':
        # The parent-death signal survives exec.
        os.execv(sys.argv[3], sys.argv[3:])
    swift_dir = sys.argv[3]
    use_swift_dir(swift_dir)
    if command == 'rings':
        build_rings(swift_dir, sys.argv[4:7])
    elif command == 'server':
        from swift.common.wsgi import run_wsgi

        sys.exit(run_wsgi(sys.argv[5], sys.argv[4], verbose=True))
    else:
        sys.exit('unknown command %r' % command)


if __name__ == '__main__':
    main()
