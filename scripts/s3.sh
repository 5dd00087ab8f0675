# Installs (in a virtual environment under the build cache) and starts
# moto's S3 server for the photo vault's S3 test, idempotently, and exports
# TIDEMARK_TEST_S3_ENDPOINT. Sourced by test.sh after setup.sh.

moto_venv="${XDG_CACHE_HOME:-$HOME/.cache}/tidemark/moto-venv"
if [ ! -x "$moto_venv/bin/moto_server" ]; then
  if ! python3 -m venv --help >/dev/null 2>&1 || ! python3 -c 'import ensurepip' >/dev/null 2>&1; then
    say "Installing python3-venv"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq python3-venv >/dev/null
  fi
  say "Installing moto's S3 server (PyPI) for the S3 photo vault test"
  rm -rf "$moto_venv"
  python3 -m venv "$moto_venv"
  "$moto_venv/bin/pip" install --quiet --disable-pip-version-check 'moto[server]==5.*'
fi
s3_port="${TIDEMARK_TEST_S3_PORT:-9199}"
if ! curl -fsS "http://127.0.0.1:$s3_port/" >/dev/null 2>&1; then
  say "Starting the S3 test server on port $s3_port"
  nohup "$moto_venv/bin/moto_server" -H 127.0.0.1 -p "$s3_port" >/tmp/tidemark-moto.log 2>&1 &
  for _ in $(seq 1 60); do
    curl -fsS "http://127.0.0.1:$s3_port/" >/dev/null 2>&1 && break
    sleep 0.5
  done
fi
export TIDEMARK_TEST_S3_ENDPOINT="http://127.0.0.1:$s3_port"
