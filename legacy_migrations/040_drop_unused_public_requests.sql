-- 040: public_requests was never read by anything; the public API logs to feedback now.

DROP TABLE IF EXISTS public_requests;
DROP TABLE IF EXISTS public_request_logs;
