# syntax=docker/dockerfile:1
# One image for every AIMS process (docs/deploy.md):
#   docker run -p 8000:8000 -v aims:/var/lib/aims IMAGE    the whole product in one container:
#       the app, its job worker and the embedded PostgreSQL, with the data on the volume;
#   IMAGE run --host 0.0.0.0 --no-worker | IMAGE worker | IMAGE db upgrade    beside an external
#       PostgreSQL and Redis (AIMS_DATABASE_URL, AIMS_REDIS_URL; compose.yaml).

ARG PYTHON_IMAGE=python:3.11-slim-bookworm

# --- build: the locked environment (uv.lock, frozen), made by a pinned uv ------------------
FROM ${PYTHON_IMAGE} AS build
ARG UV_VERSION=0.13.9
# tesserocr is built against the system's libtesseract (pyproject.toml, no-binary-package).
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends libtesseract-dev libleptonica-dev pkg-config g++ \
 && rm -rf /var/lib/apt/lists/* \
 && pip install --no-cache-dir "uv==${UV_VERSION}"
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never \
    UV_PROJECT_ENVIRONMENT=/app/.venv
WORKDIR /app
# The dependencies alone first: this layer is rebuilt only when uv.lock changes.
RUN --mount=type=cache,target=/root/.cache/uv \
    --mount=type=bind,source=uv.lock,target=uv.lock \
    --mount=type=bind,source=pyproject.toml,target=pyproject.toml \
    uv sync --frozen --no-dev --no-install-project
COPY pyproject.toml uv.lock README.md ./
COPY migrations ./migrations
COPY src ./src
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev \
 && python -m compileall -q src

# --- runtime ---------------------------------------------------------------------------------
FROM ${PYTHON_IMAGE} AS runtime
# Tesseract with the languages AIMS reads (scripts/setup.sh's run_packages), Japanese fonts
# (pdfium renders PDF pages whose fonts are not embedded with the system's), tini as PID 1
# (passes SIGTERM on, reaps the embedded PostgreSQL once it has stopped). Debian's current
# versions, not pinned ones: the security updates of the release are wanted.
# hadolint ignore=DL3008
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      tesseract-ocr tesseract-ocr-jpn tesseract-ocr-jpn-vert tesseract-ocr-eng \
      fonts-ipafont-gothic fonts-ipafont-mincho tini \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 10001 aims \
 && useradd --system --uid 10001 --gid aims --home-dir /var/lib/aims --no-create-home aims \
 && install -d -o aims -g aims -m 0700 /var/lib/aims

COPY --from=build /app /app
COPY scripts/docker-entrypoint.sh /usr/local/bin/aims-entrypoint

# The embedded PostgreSQL refuses to run as root: the volume belongs to this user, and a new
# named volume takes the directory's owner. XDG_RUNTIME_DIR: pgserver's lock file.
USER 10001:10001
WORKDIR /var/lib/aims
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    XDG_RUNTIME_DIR=/tmp \
    AIMS_ENVIRONMENT=production \
    AIMS_DATA_DIR=/var/lib/aims
VOLUME ["/var/lib/aims"]
EXPOSE 8000
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=15s --timeout=5s --start-period=120s --retries=3 \
  CMD ["python", "-c", "import sys, urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/ready', timeout=4).status != 200)"]
ENTRYPOINT ["tini", "--", "aims-entrypoint"]
CMD ["run", "--host", "0.0.0.0", "--port", "8000"]
