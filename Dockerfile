# One image for the four services; the container's command picks the service
# (docker-compose.yml, deploy/k8s). Build: docker build -t reviewops .
ARG PYTHON_IMAGE=python:3.11-slim-trixie

FROM ${PYTHON_IMAGE} AS build
# uv comes from PyPI at the Makefile's pin, so the image installs from the same registry as `make install`.
ARG UV_VERSION=0.13.9
RUN pip install --no-cache-dir "uv==${UV_VERSION}"
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never UV_PROJECT_ENVIRONMENT=/app/venv
WORKDIR /src
# Third-party packages first, from the lock and the members' pyproject files alone, so that a
# source change rebuilds only the layer below.
COPY pyproject.toml uv.lock ./
COPY libs/common/pyproject.toml libs/common/
COPY services/ingest/pyproject.toml services/ingest/
COPY services/classifier/pyproject.toml services/classifier/
COPY services/compliance/pyproject.toml services/compliance/
COPY services/responder/pyproject.toml services/responder/
COPY deploy/local/pyproject.toml deploy/local/
# The services only: the local development stack and its embedded PostgreSQL stay out.
RUN uv sync --locked --no-dev --no-install-workspace --python /usr/local/bin/python3.11 \
      --no-install-package reviewops-devstack --no-install-package pgserver
COPY libs/common libs/common
COPY services services
RUN uv sync --locked --no-dev --no-editable --python /usr/local/bin/python3.11 \
      --no-install-package reviewops-devstack --no-install-package pgserver

FROM ${PYTHON_IMAGE}
# A fixed numeric user, so that Kubernetes' runAsNonRoot can verify it; /keys is where
# docker-compose's service-key job writes the responder's key into a named volume.
RUN groupadd --system --gid 10001 reviewops \
 && useradd --system --uid 10001 --gid 10001 --no-create-home reviewops \
 && install -d -o 10001 -g 10001 /keys
COPY --from=build /app/venv /app/venv
# Bytecode is compiled at build time; the root filesystem may be read-only at run time.
ENV PATH=/app/venv/bin:$PATH PYTHONUNBUFFERED=1 PYTHONDONTWRITEBYTECODE=1
USER 10001:10001
EXPOSE 8000
CMD ["uvicorn", "--factory", "reviewops.ingest.main:create", "--host", "0.0.0.0", "--port", "8000", "--log-level", "warning"]
