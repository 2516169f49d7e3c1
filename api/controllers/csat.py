"""The public satisfaction survey (no login): the token in the emailed link opens it."""

from __future__ import annotations

from typing import Annotated, Any

from litestar import Controller, Request, get, post
from litestar.params import JSONBody, PathParameter
from litestar.status_codes import HTTP_200_OK

from api.deps import request_meta
from api.security import PUBLIC, resources
from domain.service import csat
from domain.service.schemas import CsatAnswer, CsatSurvey

Token = Annotated[str, PathParameter(max_length=100)]


class PublicCsatController(Controller):
    path = "/api/v1/public/csat"
    tags = ["Public"]
    opt = {PUBLIC: True}

    @get("/{token:str}", operation_id="GetCsatSurvey", summary="The survey behind a link (no login)")
    async def get_survey(self, request: Request[Any, Any, Any], token: Token) -> CsatSurvey:
        return await csat.get_survey(resources(request).sessions, token)

    @post(
        "/{token:str}",
        operation_id="AnswerCsatSurvey",
        status_code=HTTP_200_OK,
        summary="Answer the survey: a 1–5 score and a comment, once per ticket (again → 409)",
    )
    async def answer(self, request: Request[Any, Any, Any], token: Token, data: JSONBody[CsatAnswer]) -> CsatSurvey:
        return await csat.answer(resources(request).sessions, token, data, request_meta(request))
