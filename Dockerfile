# One image for the four services; the command picks the service (see docker-compose.yml).
# Build: docker build -t reviewops .
FROM python:3.11-slim AS build
COPY --from=ghcr.io/astral-sh/uv:0.13.9 /uv /usr/local/bin/uv
ENV UV_COMPILE_BYTECODE=1 UV_LINK_MODE=copy UV_PYTHON_DOWNLOADS=never UV_PROJECT_ENVIRONMENT=/app/venv
WORKDIR /src
COPY . .
# The services only: the local development stack (and its embedded PostgreSQL) stays out.
RUN uv sync --locked --no-dev --no-editable --python /usr/local/bin/python3.11 \
      --no-install-package reviewops-devstack --no-install-package pgserver

FROM python:3.11-slim
RUN useradd --system --uid 10001 --no-create-home reviewops \
 && mkdir /keys && chown 10001 /keys
COPY --from=build /app/venv /app/venv
ENV PATH=/app/venv/bin:$PATH PYTHONUNBUFFERED=1
USER 10001
EXPOSE 8000
CMD ["uvicorn", "--factory", "reviewops.ingest.main:create", "--host", "0.0.0.0", "--port", "8000", "--log-level", "warning"]
