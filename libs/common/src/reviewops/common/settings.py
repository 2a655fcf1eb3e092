"""Typed settings shared by every service; each service extends them with its own."""

from __future__ import annotations

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class ServiceSettings(BaseSettings):
    """Read from REVIEWOPS_* environment variables (DATABASE_URL is also accepted bare)."""

    model_config = SettingsConfigDict(env_prefix="REVIEWOPS_", extra="ignore")

    database_url: str = Field(
        validation_alias="DATABASE_URL",
        description="SQLAlchemy URL of PostgreSQL, asyncpg driver",
    )
    kafka_bootstrap: str = "127.0.0.1:9092"
    log_level: str = "INFO"
    consumer_batch_size: int = Field(default=200, ge=1, le=5000)
    consumer_poll_ms: int = Field(default=500, ge=10)
    consumer_drain_seconds: float = Field(default=20.0, gt=0)
    relay_interval_seconds: float = Field(default=0.2, gt=0)
    relay_batch_size: int = Field(default=500, ge=1)
    db_pool_size: int = Field(default=10, ge=1)
    max_body_bytes: int = Field(default=5 * 1024 * 1024, ge=1024)
    rate_limit_per_second: float = Field(default=200.0, gt=0, description="Per API key, per process")
    rate_limit_burst: int = Field(default=400, ge=1)

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, url: str) -> str:
        # Partners hand us plain postgresql:// URLs; the services need the asyncpg driver.
        if url.startswith("postgresql://") or url.startswith("postgres://"):
            return "postgresql+asyncpg://" + url.split("://", 1)[1]
        if not url.startswith("postgresql+asyncpg://"):
            raise ValueError("DATABASE_URL must be a PostgreSQL URL")
        return url
