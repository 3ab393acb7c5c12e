#!/bin/sh
# The image's health check: healthy once this node listens on TCP, i.e. its Akka.Remote transport
# is up (a coordinator also serves gRPC on the next port; a worker listens on a free port of its
# own). PID 1 is the trainer itself, so a dead process ends the container anyway; this tells
# "started" from "ready", which compose's depends_on and k8s probes wait for. State 0A = LISTEN.
grep -qs '^ *[0-9]*: [0-9A-F]*:[0-9A-F]* [0-9A-F]*:[0-9A-F]* 0A ' /proc/net/tcp /proc/net/tcp6
