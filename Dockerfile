# The JSON API as an AWS Lambda container image (docs/publishing.md). A container image, not a zip:
# OR-Tools and its numpy/pandas/protobuf stack are far above Lambda's 250 MB limit for zip packages.
#
# Python 3.12, not 3.11: Lambda's python:3.11 image is Amazon Linux 2 (glibc 2.26), and OR-Tools 9.15
# publishes Linux wheels only for glibc 2.27 and later, so pip cannot install it there; the python:3.12
# image is Amazon Linux 2023 (glibc 2.34). The project supports Python 3.11 and later.
#
#   docker build --platform linux/amd64 -t aftersales-planner-api .
#   docker run -p 9000:8080 -e PLANNER_API_TOKENS=... aftersales-planner-api
#   curl -XPOST localhost:9000/2015-03-31/functions/function/invocations -d @event.json
FROM public.ecr.aws/lambda/python:3.12

# Only what the package needs; the wheel carries web/templates and web/static (pyproject package-data).
COPY pyproject.toml README.md /tmp/src/
COPY planner /tmp/src/planner
COPY web /tmp/src/web
COPY planner_cli /tmp/src/planner_cli
RUN python -m pip install --no-cache-dir --target "${LAMBDA_TASK_ROOT}" "/tmp/src[lambda]" \
    && rm -rf /tmp/src

# The search is compiled (numba) on first use and cached; Lambda can write only under /tmp.
ENV NUMBA_CACHE_DIR=/tmp/numba-cache

# Settings come from the function's environment, never from the image:
# PLANNER_API_TOKENS (required for POST /api/v1/plans), PLANNER_SECRET_KEY.
CMD ["web.lambda_handler.handler"]
