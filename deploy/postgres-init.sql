-- One database per part: no service reads another's tables.
CREATE DATABASE banzu_gateway;
CREATE DATABASE banzu_competition;
CREATE DATABASE banzu_training;
CREATE DATABASE banzu_credentials;
