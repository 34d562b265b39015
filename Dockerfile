# The petition service (README, "The petition service"). Configuration by PETITION_* variables.
FROM python:3.11-slim
WORKDIR /app
RUN useradd --system --home /app petitie
COPY requirements.txt constraints.txt pyproject.toml ./
RUN pip install --no-cache-dir starlette==1.10.0 uvicorn==0.54.0 uvloop==0.23.0 httptools==0.9.0 \
      "psycopg[binary]==3.3.9" pynacl==1.6.2 pyyaml==6.0.3 jinja2==3.1.6 markupsafe==3.0.4 -c constraints.txt
COPY petition/ petition/
COPY data/campagne.yml data/campagne.yml
USER petitie
ENV PETITION_HOST=0.0.0.0 PETITION_PORT=8001
EXPOSE 8001
HEALTHCHECK CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8001/gezond').status != 200)"
CMD ["python", "-m", "petition", "serve"]
