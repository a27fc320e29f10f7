"""The Open Badges 3.0 data model rules the badges are checked against: a JSON Schema written from the
specification's data model (1EdTech Open Badges 3.0, §B "Data Models": AchievementCredential, Profile,
AchievementSubject, Achievement, Criteria, IdentityObject, CredentialStatus, CredentialSchema) and
the VC-JWT claim mapping of §8.2.4.1 (iss, jti, sub, nbf, exp). Required members, types, and the
values the specification fixes (contexts, type lists, enumerations) are checked; members it leaves
open are allowed."""
from __future__ import annotations

ACHIEVEMENT_TYPES = [
    "Achievement", "ApprenticeshipCertificate", "Assessment", "Assignment", "AssociateDegree", "Award", "Badge",
    "BachelorDegree", "Certificate", "CertificateOfCompletion", "Certification", "CommunityService", "Competency",
    "Course", "CoCurricular", "Degree", "Diploma", "DoctoralDegree", "Fieldwork", "GeneralEducationDevelopment",
    "JourneymanCertificate", "LearningProgram", "License", "Membership", "ProfessionalDoctorate",
    "QualityAssuranceCredential", "MasterCertificate", "MasterDegree", "MicroCredential", "ResearchDoctorate",
    "SecondarySchoolDiploma"]
IDENTIFIER_TYPES = ["name", "sourcedId", "systemId", "productId", "userName", "accountId", "emailAddress",
                    "nationalIdentityNumber", "isbn", "issuerId", "studentId", "teacherId"]
EXTENSION = "^ext:[a-zA-Z0-9.-_]+$"
DATE_TIME = {"type": "string", "pattern": r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$"}
URI = {"type": "string", "pattern": "^[a-zA-Z][a-zA-Z0-9+.-]*:"}


def contains(value: str) -> dict:
    return {"type": "array", "contains": {"const": value}}


PROFILE = {"type": "object", "required": ["id", "type"],
           "properties": {"id": URI, "type": contains("Profile"), "name": {"type": "string"}, "url": URI}}
ACHIEVEMENT = {
    "type": "object", "required": ["id", "type", "criteria", "description", "name"],
    "properties": {
        "id": URI, "type": contains("Achievement"), "name": {"type": "string", "minLength": 1},
        "description": {"type": "string"},
        "criteria": {"type": "object", "anyOf": [{"required": ["id"]}, {"required": ["narrative"]}],
                     "properties": {"id": URI, "narrative": {"type": "string"}}},
        "achievementType": {"anyOf": [{"enum": ACHIEVEMENT_TYPES}, {"type": "string", "pattern": EXTENSION}]},
        "creator": PROFILE, "fieldOfStudy": {"type": "string"}, "humanCode": {"type": "string"},
        "inLanguage": {"type": "string", "pattern": "^[a-zA-Z]{2,8}(-[a-zA-Z0-9]{1,8})*$"}}}
IDENTITY = {"type": "object", "required": ["type", "hashed", "identityHash", "identityType"],
            "properties": {"type": {"const": "IdentityObject"}, "hashed": {"type": "boolean"},
                           "identityHash": {"type": "string"},
                           "identityType": {"anyOf": [{"enum": IDENTIFIER_TYPES},
                                                      {"type": "string", "pattern": EXTENSION}]}}}
SUBJECT = {"type": "object", "required": ["type", "achievement"],
           "anyOf": [{"required": ["id"]}, {"required": ["identifier"]}],
           "properties": {"type": contains("AchievementSubject"), "achievement": ACHIEVEMENT,
                          "identifier": {"type": "array", "minItems": 1, "items": IDENTITY}}}
STATUS = {"type": "object", "required": ["id", "type", "statusPurpose", "statusListIndex", "statusListCredential"],
          "properties": {"id": URI, "type": {"const": "BitstringStatusListEntry"},
                         "statusPurpose": {"enum": ["revocation", "suspension"]},
                         "statusListIndex": {"type": "string", "pattern": "^[0-9]+$"},
                         "statusListCredential": URI}}
ACHIEVEMENT_CREDENTIAL = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "type": "object",
    "required": ["@context", "id", "type", "issuer", "validFrom", "credentialSubject", "iss", "jti", "nbf"],
    "properties": {
        "@context": {"type": "array", "minItems": 2, "prefixItems": [
            {"const": "https://www.w3.org/ns/credentials/v2"},
            {"type": "string", "pattern": r"^https://purl\.imsglobal\.org/spec/ob/v3p0/context(-3\.\d\.\d)*\.json$"}]},
        "id": URI,
        "type": {"type": "array", "allOf": [contains("VerifiableCredential"),
                                            {"contains": {"enum": ["OpenBadgeCredential", "AchievementCredential"]}}]},
        "name": {"type": "string"},
        "issuer": PROFILE,
        "validFrom": DATE_TIME, "validUntil": DATE_TIME, "awardedDate": DATE_TIME,
        "credentialSubject": SUBJECT,
        "credentialStatus": STATUS,
        "credentialSchema": {"type": "array", "items": {"type": "object", "required": ["id", "type"]}},
        "iss": URI, "jti": URI, "nbf": {"type": "integer"}, "exp": {"type": "integer"},
    },
}


def claim_mapping_errors(claims: dict) -> list[str]:
    """§8.2.4.1: the registered claims say what the credential says."""
    errors = []
    if claims["iss"] != claims["issuer"]["id"]:
        errors.append("iss is not issuer.id")
    if claims["jti"] != claims["id"]:
        errors.append("jti is not id")
    return errors
