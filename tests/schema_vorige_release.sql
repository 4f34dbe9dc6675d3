-- Schema van de vorige release van de Leefloonmonitor (PostgreSQL), vóór de aanmeldlimiet
-- in de databank en single sign-on: data_access/schema.py van commit 2397aac, zonder
-- gebruiker.demo_aangemaakt, gebruiker.sso_id en de tabellen aanmeldpoging, instelling en
-- schema_versie. Gemaakt met CreateTable/CreateIndex van SQLAlchemy voor PostgreSQL.

CREATE TABLE audit (
	id SERIAL NOT NULL,
	tijdstip TIMESTAMP WITH TIME ZONE NOT NULL,
	gebruiker VARCHAR(60) NOT NULL,
	actie VARCHAR(40) NOT NULL,
	details TEXT NOT NULL,
	client VARCHAR(80) NOT NULL,
	PRIMARY KEY (id)
);
CREATE INDEX ix_audit_tijd ON audit (tijdstip);

CREATE TABLE gebruiker (
	gebruikersnaam VARCHAR(60) NOT NULL,
	naam VARCHAR(120) NOT NULL,
	email VARCHAR(200) NOT NULL,
	wachtwoord_hash VARCHAR(100) NOT NULL,
	rollen VARCHAR(120) NOT NULL,
	gemeenten TEXT NOT NULL,
	actief BOOLEAN NOT NULL,
	PRIMARY KEY (gebruikersnaam)
);

CREATE TABLE gemeente (
	nis VARCHAR(5) NOT NULL,
	naam VARCHAR(80) NOT NULL,
	provincie VARCHAR(40) NOT NULL,
	PRIMARY KEY (nis)
);

CREATE TABLE release (
	id SERIAL NOT NULL,
	soort VARCHAR(20) NOT NULL,
	bestand VARCHAR(255) NOT NULL,
	sha256 VARCHAR(64) NOT NULL,
	rijen INTEGER NOT NULL,
	door VARCHAR(80) NOT NULL,
	tijdstip TIMESTAMP WITH TIME ZONE NOT NULL,
	demo BOOLEAN NOT NULL,
	opmerking TEXT,
	PRIMARY KEY (id)
);

CREATE TABLE bevolking (
	nis VARCHAR(5) NOT NULL,
	jaar INTEGER NOT NULL,
	inwoners INTEGER NOT NULL,
	release_id INTEGER NOT NULL,
	PRIMARY KEY (nis, jaar),
	FOREIGN KEY(nis) REFERENCES gemeente (nis),
	FOREIGN KEY(release_id) REFERENCES release (id)
);

CREATE TABLE doel (
	doel_id VARCHAR(60) NOT NULL,
	nis VARCHAR(5) NOT NULL,
	naam VARCHAR(200) NOT NULL,
	indicator VARCHAR(30) NOT NULL,
	van VARCHAR(7) NOT NULL,
	tot VARCHAR(7) NOT NULL,
	doelwaarde INTEGER NOT NULL,
	max_subsidie_eur INTEGER NOT NULL,
	uitbetaling VARCHAR(20) NOT NULL,
	bron TEXT NOT NULL,
	release_id INTEGER NOT NULL,
	PRIMARY KEY (doel_id),
	FOREIGN KEY(nis) REFERENCES gemeente (nis),
	FOREIGN KEY(release_id) REFERENCES release (id)
);

CREATE TABLE feit (
	id BIGSERIAL NOT NULL,
	release_id INTEGER NOT NULL,
	nis VARCHAR(5) NOT NULL,
	periode VARCHAR(7) NOT NULL,
	indicator VARCHAR(30) NOT NULL,
	doelgroep VARCHAR(30) NOT NULL,
	leeftijd VARCHAR(10) NOT NULL,
	pijler VARCHAR(30) NOT NULL,
	bestemming VARCHAR(30) NOT NULL,
	aantal INTEGER NOT NULL,
	actief BOOLEAN NOT NULL,
	PRIMARY KEY (id),
	FOREIGN KEY(release_id) REFERENCES release (id),
	FOREIGN KEY(nis) REFERENCES gemeente (nis)
);
CREATE INDEX ix_feit_release ON feit (release_id, nis, periode);
CREATE INDEX ix_feit_totaal ON feit (indicator, nis, actief, periode, aantal, doelgroep, leeftijd, pijler, bestemming) WHERE doelgroep = 'totaal' AND leeftijd = 'totaal' AND pijler = 'totaal' AND bestemming = 'totaal';
CREATE INDEX ix_feit_zoek ON feit (nis, indicator, actief, periode);
