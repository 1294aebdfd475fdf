-- 011: requests coming in through the public (unauthenticated) API

CREATE SEQUENCE public_request_ref_seq START WITH 1000 INCREMENT BY 1;

CREATE TABLE public_requests (
    id SERIAL PRIMARY KEY,
    reference VARCHAR(20) NOT NULL DEFAULT ('PR-' || nextval('public_request_ref_seq')),
    source VARCHAR(50) NOT NULL,
    ip_address INET,
    user_agent TEXT,
    request_description TEXT NOT NULL,
    location VARCHAR(100),
    route VARCHAR(50),
    response_sent BOOLEAN DEFAULT false,
    created_at TIMESTAMPTZ DEFAULT NOW()
);

CREATE INDEX idx_public_requests_created_at ON public_requests(created_at DESC);
