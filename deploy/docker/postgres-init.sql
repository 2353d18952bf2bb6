-- One database per service (shared/design.md: a service reads only its own database).
CREATE DATABASE auth;
CREATE DATABASE audio;
CREATE DATABASE messaging;
CREATE DATABASE diary;
