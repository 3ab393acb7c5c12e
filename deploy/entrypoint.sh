#!/bin/sh
# The image's entrypoint: the executable named at build time (deploy/Dockerfile's APP, kept in
# TRAINER_APP), given the container's command. exec, so that it is PID 1 itself: it receives
# docker stop's SIGTERM, and its exit code is the container's.
exec "/opt/app/${TRAINER_APP:?no TRAINER_APP: the image was built without APP}" "$@"
