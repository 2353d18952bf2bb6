#!/bin/sh
# Creates the topics of deploy/topics.txt (and their .dlq twins) on the compose broker.
set -eu
bootstrap=${BOOTSTRAP:-kafka:9092}
grep -v '^[[:space:]]*#' /topics.txt | sed 's/#.*//' | while read -r name partitions hours; do
  [ -n "$name" ] || continue
  retention=-1
  [ "$hours" -ge 0 ] && retention=$((hours * 3600000))
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$bootstrap" --create --if-not-exists \
    --topic "$name" --partitions "$partitions" --replication-factor 1 --config retention.ms="$retention"
  /opt/kafka/bin/kafka-topics.sh --bootstrap-server "$bootstrap" --create --if-not-exists \
    --topic "$name.dlq" --partitions "$partitions" --replication-factor 1 --config retention.ms=1209600000
done
