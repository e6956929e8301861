//! The words, names and places the city data set is made of, and the random text built from them.

use super::{DAY, SPAN_DAYS};
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::Rng;

pub(super) const FIRST: [&str; 40] = [
    "Laia", "Jordi", "Marta", "Pau", "Núria", "Oriol", "Montse", "Xavier", "Carme", "Arnau",
    "Lucía", "Javier", "Carmen", "Pablo", "Fatima", "Youssef", "Mei", "Wei", "Ana", "David",
    "Aina", "Pol", "Júlia", "Marc", "Rosa", "Manel", "Irene", "Sergi", "Elena", "Iker", "Amina",
    "Omar", "Sofia", "Hugo", "Berta", "Enric", "Noa", "Àlex", "Clara", "Ferran",
];

pub(super) const LAST: [&str; 30] = [
    "Puig",
    "Garcia",
    "Martínez",
    "Vidal",
    "Soler",
    "Ferrer",
    "Roca",
    "Serra",
    "Font",
    "López",
    "Sánchez",
    "Pérez",
    "Casals",
    "Bosch",
    "Riera",
    "Mas",
    "Vila",
    "Costa",
    "Pujol",
    "Torres",
    "Ruiz",
    "Navarro",
    "El Amrani",
    "Chen",
    "Rodríguez",
    "Moreno",
    "Sala",
    "Camps",
    "Oliva",
    "Prat",
];

pub(super) const DISTRICTS: [&str; 10] = [
    "Ciutat Vella",
    "Eixample",
    "Sants-Montjuïc",
    "Les Corts",
    "Sarrià-Sant Gervasi",
    "Gràcia",
    "Horta-Guinardó",
    "Nou Barris",
    "Sant Andreu",
    "Sant Martí",
];

pub(super) const THEMES: [&str; 6] = [
    "Habitatge",
    "Mobilitat",
    "Feminismes",
    "Educació",
    "Salut",
    "Economia social",
];

pub(super) const CHAPTERS: [&str; 6] = [
    "Habitatge digne",
    "Mobilitat sostenible",
    "Barris cuidadors",
    "Economia per a la vida",
    "Transició ecològica",
    "Democràcia activa",
];

pub(super) const WORDS: [&str; 60] = [
    "habitatge",
    "públic",
    "barri",
    "veïnes",
    "lloguer",
    "cooperatives",
    "escola",
    "bressol",
    "autobús",
    "bicicleta",
    "carril",
    "superilla",
    "arbres",
    "ombra",
    "energia",
    "solar",
    "comunitat",
    "equipaments",
    "biblioteca",
    "casal",
    "gent gran",
    "cures",
    "salut",
    "mental",
    "pressupost",
    "participatiu",
    "municipal",
    "districte",
    "places",
    "parcs",
    "soroll",
    "qualitat",
    "aire",
    "contaminació",
    "comerç",
    "proximitat",
    "mercat",
    "ocupació",
    "joves",
    "formació",
    "cultura",
    "festa",
    "major",
    "accessibilitat",
    "transport",
    "nocturn",
    "desnonaments",
    "oficina",
    "drets",
    "igualtat",
    "infància",
    "residus",
    "reciclatge",
    "aigua",
    "font",
    "patis",
    "oberts",
    "horaris",
    "servei",
    "atenció",
];

pub(super) const VERBS: [&str; 12] = [
    "crear",
    "ampliar",
    "garantir",
    "reduir",
    "protegir",
    "obrir",
    "finançar",
    "millorar",
    "recuperar",
    "impulsar",
    "connectar",
    "renovar",
];

pub(super) const COMMENT_OPENINGS: [&str; 10] = [
    "Hi estic d'acord:",
    "No ho veig clar,",
    "Al meu barri",
    "Caldria concretar",
    "Molt bona proposta;",
    "Ho vam parlar a l'assemblea i",
    "Pregunta:",
    "Segons les dades de l'Ajuntament,",
    "Proposo afegir que",
    "Em preocupa que",
];

pub(super) fn sentence(rng: &mut StdRng, words: usize) -> String {
    let mut s = String::new();
    s.push_str(VERBS.choose(rng).copied().unwrap_or("crear"));
    for _ in 0..words {
        s.push(' ');
        s.push_str(WORDS.choose(rng).copied().unwrap_or("barri"));
    }
    let mut chars = s.chars();
    let first: String = chars
        .next()
        .map(|c| c.to_uppercase().collect())
        .unwrap_or_default();
    format!("{first}{}.", chars.as_str())
}

pub(super) fn paragraph(rng: &mut StdRng, sentences: usize) -> String {
    (0..sentences)
        .map(|_| {
            let n = rng.gen_range(8..18);
            sentence(rng, n)
        })
        .collect::<Vec<_>>()
        .join(" ")
}

pub(super) fn when(rng: &mut StdRng, anchor: i64) -> i64 {
    anchor - rng.gen_range(60..SPAN_DAYS * DAY)
}
