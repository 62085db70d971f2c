#!/usr/bin/env bash
# The Compose file's Kafka TLS material, made by the kafka-certs service before the brokers start (and checked on every
# start): a CA of this deployment, and for each broker a key and a certificate for its name, signed by that CA.
#   KAFKA_TLS_CA_KEY_DIR  the CA's key (this job's volume only)                       default /ca-key
#   KAFKA_TLS_BROKER_DIR  each broker's <name>.pem (key + certificate) and ca.crt       default /tls
#   KAFKA_TLS_CA_DIR      ca.crt alone, which the services trust                       default /ca
#   KAFKA_TLS_HOSTS       the brokers' names                                          default "kafka-1 kafka-2 kafka-3"
#   KAFKA_TLS_EXTRA_SAN   more subject alternative names for every broker, e.g. DNS:kafka.college.edu (optional)
# A broker's certificate is made again when it is missing, expires within 30 days or was not signed by the CA; the CA
# lives ten years, a broker's certificate two. Keys are P-256, unencrypted PKCS#8 in files only the brokers mount.
set -euo pipefail

key_dir=${KAFKA_TLS_CA_KEY_DIR:-/ca-key}
broker_dir=${KAFKA_TLS_BROKER_DIR:-/tls}
ca_dir=${KAFKA_TLS_CA_DIR:-/ca}
hosts=${KAFKA_TLS_HOSTS:-kafka-1 kafka-2 kafka-3}
extra=${KAFKA_TLS_EXTRA_SAN:-}
umask 077
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

if [ ! -s "$key_dir/ca.key" ] || [ ! -s "$key_dir/ca.crt" ]; then
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$key_dir/ca.key" -out "$key_dir/ca.crt" \
    -days 3650 -subj "/CN=attendance Kafka CA" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
  echo "kafka certificates: a new CA"
fi
install -m 0644 "$key_dir/ca.crt" "$ca_dir/ca.crt"
install -m 0644 "$key_dir/ca.crt" "$broker_dir/ca.crt"

for host in $hosts; do
  pem="$broker_dir/$host.pem"
  if [ -s "$pem" ] && openssl x509 -in "$pem" -noout -checkend 2592000 >/dev/null \
      && openssl verify -CAfile "$key_dir/ca.crt" "$pem" >/dev/null 2>&1; then
    continue
  fi
  san="DNS:$host"
  if [ -n "$extra" ]; then
    san="$san,$extra"
  fi
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/key.pem" -out "$work/req.csr" \
    -subj "/CN=$host" 2>/dev/null
  printf 'subjectAltName=%s\nbasicConstraints=critical,CA:FALSE\nkeyUsage=critical,digitalSignature\nextendedKeyUsage=serverAuth,clientAuth\n' \
    "$san" > "$work/ext.cnf"
  openssl x509 -req -in "$work/req.csr" -CA "$key_dir/ca.crt" -CAkey "$key_dir/ca.key" -set_serial "0x$(openssl rand -hex 16)" \
    -days 730 -extfile "$work/ext.cnf" -out "$work/cert.pem" 2>/dev/null
  cat "$work/key.pem" "$work/cert.pem" > "$work/$host.pem"
  # the broker runs as the image's own user: readable in the volume only the brokers mount
  install -m 0644 "$work/$host.pem" "$pem"
  echo "kafka certificates: $host ($san)"
done
