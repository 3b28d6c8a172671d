"""The city-profile steps of the assessment: a free first reply, what is still missing, corrections at any time."""

from __future__ import annotations

from assistant.assessment import interpret
from assistant.assessment.models import POPULATION_BANDS, Assessment, bands_for
from assistant.assessment.phrases import phrase
from assistant.assessment.profile import read_correction, read_profile, read_region
from assistant.assessment.render import band_options, population_notes


class ProfileSteps:
    """The name, population and region steps of AssessmentConversation, and corrections of the profile."""

    assessment: Assessment

    def _again(self, kind: str = "nonsense") -> str: ...  # defined by AssessmentConversation

    def _on_name(self, text: str) -> list[str]:
        if interpret.is_skip(text):
            self.assessment.step = "population"
            return []
        facts = read_profile(text)
        if facts.name is None:
            return [self._again()]
        city = self.assessment.city
        city.name = facts.name
        if facts.region:
            city.region = facts.region
        if facts.industries:
            city.industries = facts.industries
        notes = []
        if facts.population is not None:
            city.population = facts.population
            city.band_cn, city.band_oecd = bands_for(facts.population)
            notes = population_notes(self.assessment)
        recorded = [phrase(self.assessment.language, f"profile_{name}", value=_shown(getattr(city, name)))
                    for name in facts.given()]
        self.assessment.step = self._missing_profile_step()
        lead = [phrase(self.assessment.language, "profile_recorded", items="、".join(recorded) if
                       self.assessment.language == "zh" else ", ".join(recorded))] if len(recorded) > 1 else []
        return [*lead, *notes]

    def _missing_profile_step(self) -> str:
        """The first profile question whose answer is still missing, else the choice of domains."""
        city = self.assessment.city
        if city.population is None and city.band_cn is None and city.band_oecd is None:
            return "population"
        if not city.region:
            return "region"
        return "domains"

    def _on_population(self, text: str) -> list[str]:
        city = self.assessment.city
        language = self.assessment.language
        if interpret.is_skip(text):
            self.assessment.step = "region" if not city.region else "domains"
            return []
        index = interpret.matching_option(text, band_options(language))
        band = interpret.parse_band(text) if index is None else POPULATION_BANDS[index].key
        population = interpret.parse_population(text)
        if population is not None:
            city.population = population
            city.band_cn, city.band_oecd = bands_for(population)
        elif band is not None:
            if band.startswith("cn_"):
                city.band_cn = band
            else:
                city.band_oecd = band
        else:
            return [self._again()]
        self.assessment.step = self._missing_profile_step()
        return population_notes(self.assessment)

    def _on_region(self, text: str) -> list[str]:
        city = self.assessment.city
        if not interpret.is_skip(text):
            region = read_region(text) or text.strip("。.!！ ")
            if not interpret.is_name(region):
                return [self._again()]
            city.region = region
            self.assessment.step = self._missing_profile_step()
        else:
            self.assessment.step = "domains"
        return []

    def _correct_profile(self, text: str) -> list[str] | None:
        """Apply a correction of the profile said in plain words ("县名是……", "人口改为35万"); None when it is none."""
        correction = read_correction(text)
        if correction is None:
            return None
        field, value = correction
        city = self.assessment.city
        language = self.assessment.language
        old = getattr(city, field)
        setattr(city, field, value)
        if field == "population":
            city.band_cn, city.band_oecd = bands_for(value)
        if self.assessment.step in ("name", "population", "region"):
            self.assessment.step = "population" if city.name is None and self.assessment.step == "name" else self._missing_profile_step()
        return [phrase(language, "profile_corrected", field=phrase(language, f"field_{field}"), old=_shown(old),
                       new=_shown(value))]


def _shown(value) -> str:
    """A profile value as the official reads it back."""
    if value is None or value == []:
        return "—"
    if isinstance(value, list):
        return "、".join(value)
    if isinstance(value, int):
        return f"{value:,}"
    return str(value)
