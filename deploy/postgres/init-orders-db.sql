-- The engine's own database, beside Temporal's (created on first start of the volume).
CREATE USER orders WITH PASSWORD 'orders';
CREATE DATABASE orders OWNER orders;
