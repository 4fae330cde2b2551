"""The API's operation ids stay as published: generated clients name their methods after them.

Django Ninja derives an id from the view's module and function name, so moving an endpoint to
another module would silently rename it. An endpoint that moves keeps its id with
`operation_id=` on its route; new endpoints are free to take the default."""

from __future__ import annotations

import pytest

from crm.api import api

PUBLISHED = {
    "GET /candidates": "crm_candidates_api_records_candidate_list",
    "POST /candidates": "crm_candidates_api_records_candidate_create",
    "GET /candidates/{candidate_id}": "crm_candidates_api_records_candidate_detail",
    "PATCH /candidates/{candidate_id}": "crm_candidates_api_records_candidate_update",
    "GET /candidates/{candidate_id}/consents": "crm_candidates_api_progress_consent_list",
    "POST /candidates/{candidate_id}/consents": "crm_candidates_api_progress_consent_create",
    "POST /candidates/{candidate_id}/consents/{consent_id}/revoke": (
        "crm_candidates_api_progress_consent_revoke"
    ),
    "POST /candidates/{candidate_id}/erase": "crm_candidates_api_rights_candidate_erase",
    "GET /candidates/{candidate_id}/export": "crm_candidates_api_rights_candidate_export",
    "GET /candidates/{candidate_id}/kykyviisari": "crm_candidates_api_progress_kykyviisari_list",
    "POST /candidates/{candidate_id}/kykyviisari": "crm_candidates_api_progress_kykyviisari_create",
    "GET /candidates/{candidate_id}/matches": "crm_matching_api_matches_candidate_matches",
    "GET /candidates/{candidate_id}/milestones": "crm_candidates_api_progress_milestone_list",
    "POST /candidates/{candidate_id}/milestones": "crm_candidates_api_progress_milestone_create",
    "DELETE /candidates/{candidate_id}/milestones/{milestone_id}": (
        "crm_candidates_api_progress_milestone_delete"
    ),
    "GET /candidates/{candidate_id}/notes": "crm_candidates_api_progress_note_list",
    "POST /candidates/{candidate_id}/notes": "crm_candidates_api_progress_note_create",
    "GET /candidates/{candidate_id}/profile": "crm_candidates_api_profile_profile_detail",
    "PUT /candidates/{candidate_id}/profile": "crm_candidates_api_profile_profile_replace",
    "POST /candidates/{candidate_id}/transfer": "crm_candidates_api_records_candidate_transfer",
    "GET /employer-contacts": "crm_employers_api_contact_log_contact_log",
    "POST /employer-contacts": "crm_employers_api_contact_log_contact_log_create",
    "GET /employers": "crm_employers_api_employers_employer_list",
    "POST /employers": "crm_employers_api_employers_employer_create",
    "GET /employers/{employer_id}": "crm_employers_api_employers_employer_detail",
    "PATCH /employers/{employer_id}": "crm_employers_api_employers_employer_update",
    "POST /employers/{employer_id}/archive": "crm_employers_api_employers_employer_archive",
    "GET /employers/{employer_id}/contacts": "crm_employers_api_employers_contact_person_list",
    "POST /employers/{employer_id}/contacts": "crm_employers_api_employers_contact_person_create",
    "PATCH /employers/{employer_id}/contacts/{contact_id}": (
        "crm_employers_api_employers_contact_person_update"
    ),
    "POST /employers/{employer_id}/restore": "crm_employers_api_employers_employer_restore",
    "GET /follow-ups": "crm_employers_api_contact_log_follow_up_list",
    "POST /follow-ups": "crm_employers_api_contact_log_follow_up_create",
    "PATCH /follow-ups/{follow_up_id}": "crm_employers_api_contact_log_follow_up_update",
    "GET /health": "crm_core_api_health",
    "GET /match-weights": "crm_matching_api_weights_match_weights_get",
    "PUT /match-weights": "crm_matching_api_weights_match_weights_put",
    "GET /me": "crm_accounts_api_me",
    "GET /openings": "crm_employers_api_openings_opening_list",
    "POST /openings": "crm_employers_api_openings_opening_create",
    "GET /openings/{opening_id}": "crm_employers_api_openings_opening_detail",
    "PATCH /openings/{opening_id}": "crm_employers_api_openings_opening_update",
    "GET /openings/{opening_id}/matches": "crm_matching_api_matches_opening_matches",
    "GET /openings/{opening_id}/tailoring-notes": "crm_employers_api_openings_tailoring_note_list",
    "POST /openings/{opening_id}/tailoring-notes": (
        "crm_employers_api_openings_tailoring_note_create"
    ),
    "GET /proposals": "crm_matching_api_proposals_proposal_list",
    "POST /proposals": "crm_matching_api_proposals_proposal_create",
    "GET /proposals/{proposal_id}": "crm_matching_api_proposals_proposal_detail",
    "POST /proposals/{proposal_id}/status": "crm_matching_api_proposals_proposal_move",
}


@pytest.fixture(scope="module")
def operation_ids() -> dict[str, str]:
    schema = api.get_openapi_schema()
    return {
        f"{method.upper()} {path.removeprefix('/api/v1')}": operation["operationId"]
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    }


@pytest.mark.parametrize(("endpoint", "operation_id"), PUBLISHED.items())
def test_a_published_endpoint_keeps_its_operation_id(operation_ids, endpoint, operation_id):
    assert operation_ids.get(endpoint) == operation_id


def test_operation_ids_are_unique(operation_ids):
    assert len(set(operation_ids.values())) == len(operation_ids)
