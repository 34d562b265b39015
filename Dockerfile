# The petition service, as it runs in production (README, "The petition service"; LIVE.md).
# Configured only through PETITION_* environment variables; runs as an unprivileged user on a
# read-only file system: the code belongs to root, and the service writes only to PETITION_BACKUP_DIR
# (a volume) and /tmp. Its data lives in PostgreSQL (PETITION_DATABASE_URL).
#
# BASE: any Debian-like image with Python 3.11 and venv; python:3.11-slim where a registry is
# reachable, or one made from Debian's packages (LIVE.md, "Zonder Docker Hub").
ARG BASE=python:3.11-slim
FROM ${BASE}
# PIP_CERT: a CA bundle for a network whose proxy re-signs https (mounted at build time, LIVE.md).
ARG PIP_CERT=""
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PATH=/opt/petitie/bin:$PATH
COPY petition/requirements.txt constraints.txt /opt/bron/
RUN python3 -m venv /opt/petitie \
 && /opt/petitie/bin/pip install --no-cache-dir --disable-pip-version-check -q \
      ${PIP_CERT:+--cert "$PIP_CERT"} -r /opt/bron/requirements.txt -c /opt/bron/constraints.txt \
 && (getent passwd petitie >/dev/null || useradd --uid 10001 --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin petitie) \
 && mkdir -p /reservekopieen && chown petitie /reservekopieen && chmod 700 /reservekopieen
WORKDIR /app
COPY petition/ petition/
COPY data/campagne.yml data/campagne.yml
RUN python3 -m compileall -q petition && chmod -R a-w,a+rX /app
USER 10001:10001
ENV PETITION_OMGEVING=productie PETITION_HOST=0.0.0.0 PETITION_PORT=8001 PETITION_BACKUP_DIR=/reservekopieen
EXPOSE 8001
VOLUME ["/reservekopieen"]
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s \
  CMD ["python3", "-c", "import os,sys,urllib.request; sys.exit(urllib.request.urlopen('http://127.0.0.1:%s/gezond' % os.environ.get('PETITION_PORT', '8001'), timeout=4).status != 200)"]
CMD ["python3", "-m", "petition", "serve"]
