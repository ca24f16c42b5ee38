"""Identity-resolution benchmark: a generated world with ground truth.

Usage::

    python bench/identity_resolution.py --n 100000 --seed 7

Generates humans with names from diverse name lists (accents, hyphens, very
common names shared by many humans), each present on 1–4 platforms with the
noise real exports carry, groups identities the way the ingest pipeline does
(records carrying two identities, identical emails), runs
:func:`warmly.identity.match.find_candidates`, auto-merges pairs at or above the
threshold with union-find, and prints pairwise precision / recall over identity
pairs, per rule, with wall time and peak RSS.

Noise model. Names: 8 cultures (weights 34/14/12/10/9/9/6/6), ~390 given
names and ~400 curated surnames drawn Zipf-like (given s=0.45, surname s=0.6),
plus a long tail of ~1,600 culture-shaped surnames (stem x ending) for 45 % of
non-Chinese humans; 15 % of given names come from another culture. At 45k
humans ~45 % share their full name with another human (Wei Wang x38, James
Smith x25). Display names: nickname 25 % (Bob/Robert), middle initial, "J. Doe"
6 %, "Doe, Jane" 6 %, credentials 10 % ("PhD", "MBA"), emoji / headline junk /
pronouns 12 %, ASCII-folded 10 %, lower-case 5 %; X shows a given name only
(+junk) 22 % and "Jane D." 8 %. Handles: from the name (janedoe, jane_doe,
jdoe, jane_d42, janedoe42, jdoe_dev, doejane, jane.doe; truncated to 15) or
80/20 unrelated (pixelfox42); Mastodon/Bluesky reuse the X handle 50 %/40 %;
30 % of Bluesky accounts are bare DIDs. Emails at the current or previous
employer's domain (60 % when employed) or free mail with dots, digits, +tags.
80 % employed, 35 % changed jobs (older records name the old employer);
1,500 companies, Zipf. Deterministic links: a LinkedIn connection's shared
email (30 %), identical emails.

Recall is reported twice: over all same-human identity pairs, and over the
pairs whose persons both carry *name evidence* — a display name, or a handle
or email made from the name (``Record.derived``). The excluded pairs involve a
person known only as ``@pixelfox42`` / a Bluesky DID without a name: nothing
in the data ties them to a name, so no matcher can link them without outside
data (except the rare same-handle reuse, which still counts when found).
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from collections import Counter
from dataclasses import dataclass, field

from warmly.identity.keys import email_key
from warmly.identity.match import MatchCandidate, MatchConfig, PersonFacts, find_candidates

# Per culture: curated given names and surnames (most frequent first; drawn
# Zipf-like), and surname morphology (stems x endings) for the long tail.
_CULTURES: dict[str, tuple[str, str, str]] = {
    "anglo": (
        "James John Robert Michael William David Richard Joseph Thomas Christopher Daniel Matthew "
        "Mary Patricia Jennifer Linda Elizabeth Barbara Susan Jessica Sarah Karen Emily Emma "
        "Olivia Andrew Steven Kevin Brian George Edward Ryan Jacob Nicholas Anthony Katherine "
        "Rebecca Laura Hannah Grace Alexander Samuel Benjamin Charlotte Amanda Megan Rachel "
        "Timothy Gregory Jonathan Nathan Kyle Heather Melissa Stephanie Nicole Amy Angela "
        "Brandon Justin Tyler Aaron Adam Zachary Lauren Victoria Abigail Madison Chloe Isaac "
        "Owen Ethan Lucy Harriet Oscar Freya Imogen Rory Callum Fiona Eleanor Declan Siobhan",
        "Smith Johnson Williams Brown Jones Miller Davis Wilson Anderson Taylor Thomas Moore "
        "Martin Jackson Thompson White Harris Clark Lewis Robinson Walker Young Allen King Wright "
        "Scott "
        "Hill Green Adams Baker Nelson Carter Mitchell Roberts Turner Phillips Campbell Parker "
        "Evans Edwards Collins Stewart Morris Murphy Cook Rogers O'Brien O'Connor McAllister "
        "Fitzgerald Bennett Hughes Price Wood Barnes Ross Henderson Coleman Jenkins Perry Powell "
        "Long Patterson Butler Simmons Foster Bryant Russell Griffin Hayes Myers Ford Hamilton "
        "Graham Sullivan Wallace West Cole Hunt Black Palmer Holmes Stone Webb Knight Fletcher",
        "Ash Brad Whit Thorn Hart Fair Ald Pem Wins Stan Car Hol Brom Lang Ash Shel Red Wes Chat "
        "Dun Ross Mar Bur Kel Har Wood Cal|ley ton ford field wood well worth by ham ridge brook "
        "man son more wick stead wright",
    ),
    "hispanic": (
        "José María Juan Carlos Luis Ana Lucía Sofía Javier Miguel Alejandro Alejandra Valentina "
        "Diego Camila Mateo Isabella Pablo Andrés Fernanda Ricardo Gabriela Sergio Paula Raúl "
        "Jorge Manuel Francisco Antonio Rosa Carmen Elena Marta Daniela Santiago Nicolás Emilio "
        "Ignacio Rafael Adriana Verónica Mariana Ximena Gonzalo Esteban Julieta Natalia Rocío",
        "García Rodríguez Martínez López González Hernández Pérez Sánchez Ramírez Torres Flores "
        "Rivera Gómez Díaz Cruz Morales Ortiz Gutiérrez Chávez Ramos Ruiz Jiménez Núñez "
        "García-López Fernández-Soto Castillo Vargas Herrera Medina Romero Álvarez Mendoza "
        "Aguilar Moreno Castro Guzmán Rojas Navarro Domínguez Vega Soto Delgado Cabrera Ríos "
        "Campos Salazar Fuentes Acosta Ibarra Peña Carrillo Escobar Bravo Montes Serrano",
        "Al Bel Cas Cor Esp Gal Lar Mon Nav Pal Quin Sal Tor Val Vill Zam Arr Bar Cam Mal|"
        "ado edo ero ella anza ares ino ona uela era illa ejo",
    ),
    "indian": (
        "Priya Rahul Amit Anjali Vikram Sneha Arjun Pooja Rohan Neha Aditya Kavya Sanjay Deepa "
        "Ravi Lakshmi Karthik Divya Suresh Meera Anand Shreya Nikhil Aishwarya Venkatesh Rajesh "
        "Sunita Manoj Kiran Arun Gaurav Swati Harish Varun Ishaan Tanvi Nandini Prakash Ramesh "
        "Asha Vivek Sachin Ritu Abhishek Anil Bhavna Naveen Pallavi",
        "Sharma Patel Singh Kumar Gupta Reddy Iyer Nair Rao Mehta Joshi Desai Shah Verma Menon "
        "Krishnan Subramanian Chatterjee Banerjee Mukherjee Venkataraman Pillai Agarwal Kapoor "
        "Malhotra Bhatt Chopra Saxena Trivedi Pandey Mishra Tiwari Dubey Kulkarni Jain Bose "
        "Das Ghosh Sen Naidu Hegde Shetty Goswami Thakur Chauhan Yadav Bhat Sinha Chandra",
        "Ram Venk Bal Sri Krish Nata Chid Ragh Gopal Sund Padm Vish Shan Kan Mad|ara aswamy "
        "achari anathan amurthy esan awal iah appa uri ani",
    ),
    "chinese": (
        "Wei Jing Li Min Hui Yan Jun Xin Ling Hao Yu Fang Lei Qiang Mei Xiaoming Yiting Zhiwei "
        "Jie Tao Ying Bo Chen Ning Rui Xue Kai Lin Yang Peng Xiaoyu Jiahui Haoran Zihan Yifan",
        "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu Hu Guo Lin He Gao Luo "
        "Zheng Liang Xie Song Tang Han Feng Deng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai Jiang "
        "Yu Du Ye Cheng Wei Su Lu Ding Ren Shen Yao",
        "|",
    ),
    "german_nordic": (
        "Lukas Jonas Felix Maximilian Anna Lena Katharina Sophie Johannes Tobias Jörg Jürgen Søren "
        "Björn Åsa Ingrid Lars Sven Nils Frida Mikael Henrik Stefan Wolfgang Franziska Paul "
        "Leon Finn Emil Mia Hanna Lea Marie Julia Sabine Petra Ulrike Klaus Dieter Matthias "
        "Astrid Sigrid Magnus Erik Oskar Linnea Elin Karin Gustav Torsten",
        "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker Schulz Hoffmann Koch Richter "
        "Johansson Andersson Nilsson Larsen Hansen Jørgensen Østergaard Lindqvist von Essen "
        "Braun-Weiß Schäfer Krüger Klein Wolf Neumann Schwarz Zimmermann Hartmann Krause Lange "
        "Werner Lehmann Schmitt Köhler Maier Fuchs Peters Möller Karlsson Eriksson Larsson "
        "Olsen Pedersen Berg Lund Holm Dahl Nyström Sandberg Engström",
        "Hof Stein Ros Lind Alt Berg Eich Frank Gold Hell Kirch Lieb Mar Sonn Wald Grün Bauer|"
        "mann berg stein feld hauser meier dorf gren qvist ström bach",
    ),
    "french_italian": (
        "Jean-Luc Marie Pierre Camille Léa Chloé Hugo Théo Élodie Amélie François Hélène Giulia "
        "Marco Luca Francesca Alessandro Chiara Matteo Giovanni Paolo Federica Louis Julien "
        "Nicolas Mathilde Inès Manon Antoine Guillaume Sébastien Aurélie Lorenzo Andrea Sara "
        "Martina Davide Simone Elisa Valentina Stefano Roberta Fabio Silvia",
        "Martin Bernard Dubois Thomas Robert Richard Petit Durand Leroy Moreau Lefèvre Girard "
        "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci Marino De Luca Di Stefano "
        "Laurent Simon Michel Garnier Faure Rousseau Blanc Guerin Muller Henry Roussel Fontaine "
        "Bruno Gallo Conti Costa Giordano Mancini Rizzo Lombardi Moretti Barbieri Fontana",
        "Bel Ber Chan Dela Fon Gar Lam Mar Pel Ros Val Ver Bon Cap Fer Gri Man Pan Ser Tes|"
        "ard et eau ier ot elli ini etti one ucci ato",
    ),
    "african": (
        "Chinedu Ngozi Oluwaseun Adebayo Amara Kwame Abena Kofi Thandiwe Sipho Zanele Tendai "
        "Folasade Emeka Chiamaka Tunde Yaw Akosua Wanjiru Otieno Ifeoma Obinna Nnamdi Kemi "
        "Bukola Segun Funmilayo Kwabena Efua Ama Lindiwe Thabo Naledi Kagiso Wambui Njeri "
        "Kipchoge Achieng Babajide Yetunde",
        "Okafor Okonkwo Adeyemi Mensah Boateng Nkosi Dlamini Mwangi Ochieng Eze Nwosu Balogun "
        "Asante Owusu Abubakar Mahlangu Kamau Achieng Onyango Adewale Okoro Obi Nwachukwu "
        "Adebayo Ogunleye Oyelaran Agyeman Appiah Ndlovu Khumalo Mokoena Njoroge Kariuki Otieno",
        "Ade Olu Oke Chi Nwa Agy Kwa Mok Ndl Kip Wan Ogu Ama Bab Ony|wale yemi nkwo ndu sah "
        "teng lovu kwe nge ngo",
    ),
    "slavic_arabic": (
        "Aleksandr Dmitri Ekaterina Natalia Olga Ivan Piotr Katarzyna Tomasz Agnieszka Mohammed "
        "Ahmed Fatima Omar Layla Yusuf Aisha Hassan Nour Karim Sergei Andrei Anastasia Irina "
        "Mikhail Pavel Magdalena Krzysztof Jakub Marek Zuzana Ali Khaled Samir Rania Leila "
        "Tariq Yasmin Mustafa Ibrahim",
        "Ivanov Petrov Smirnov Kowalski Nowak Wiśniewski Wójcik Novák Horváth Kovačević "
        "Al-Sayed Haddad Khalil Nasser Mansour Hussein Farah Saleh Rahman Aziz Sokolov Popov "
        "Lebedev Kozlov Novikov Morozov Volkov Kamiński Lewandowski Zieliński Szymański "
        "Dvořák Černý Kovač Petrović Jovanović Nikolić Haddadin Khoury Qureshi Hamdan Darwish",
        "Bor Vol Kras Zel Dob Mil Rad Stan Sok Gor Bel Lis Kov Petr Nov Jar Kam|ov ova ski ska "
        "enko ić ak ek in uk",
    ),
}
_CULTURE_WEIGHTS = [34, 14, 12, 10, 9, 9, 6, 6]
_NICK = {
    "robert": ["Bob", "Rob"],
    "william": ["Bill", "Will"],
    "elizabeth": ["Liz", "Beth"],
    "katherine": ["Kate", "Katie"],
    "james": ["Jim", "Jamie"],
    "michael": ["Mike"],
    "alexander": ["Alex", "Sasha"],
    "christopher": ["Chris"],
    "daniel": ["Dan", "Danny"],
    "david": ["Dave"],
    "jennifer": ["Jen", "Jenny"],
    "matthew": ["Matt"],
    "andrew": ["Andy"],
    "thomas": ["Tom"],
    "joseph": ["Joe"],
    "richard": ["Rick", "Rich"],
    "steven": ["Steve"],
    "nicholas": ["Nick"],
    "anthony": ["Tony"],
    "rebecca": ["Becky"],
    "samuel": ["Sam"],
    "benjamin": ["Ben"],
    "timothy": ["Tim"],
    "gregory": ["Greg"],
    "edward": ["Ed", "Ted"],
    "alejandro": ["Alex"],
    "alejandra": ["Alex"],
    "patricia": ["Pat"],
    "jessica": ["Jess"],
    "aleksandr": ["Sasha"],
    "ekaterina": ["Katya"],
    "dmitri": ["Dima"],
    "johannes": ["Hannes"],
    "maximilian": ["Max"],
    "francesca": ["Fran"],
    "giovanni": ["Gianni"],
}
_WORDS = [
    "north",
    "blue",
    "bright",
    "iron",
    "silver",
    "green",
    "red",
    "swift",
    "clear",
    "deep",
    "high",
    "open",
    "true",
    "first",
    "next",
    "star",
    "cloud",
    "river",
    "stone",
    "maple",
    "cedar",
    "pine",
    "harbor",
    "summit",
    "peak",
    "wave",
    "nova",
    "pixel",
    "quantum",
    "atlas",
    "vector",
    "lumen",
    "orbit",
    "ember",
    "granite",
    "willow",
    "falcon",
    "fox",
    "otter",
    "lynx",
    "raven",
]
_KINDS = [
    "Analytics",
    "Labs",
    "Systems",
    "Health",
    "Capital",
    "Software",
    "Partners",
    "Media",
    "Robotics",
    "Energy",
    "Bio",
]
_LEGAL = ["", ", Inc.", " Inc", " LLC", " GmbH", " Ltd", " AG", " S.A."]
_FREE = ["gmail.com"] * 6 + ["yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "proton.me"]
_HOSTS = ["mastodon.social", "hachyderm.io", "fosstodon.org", "mas.to", "infosec.exchange"]
_JUNK = [" 🚀", " 🇮🇳", " 🌍", " | Hiring", " | building things", " (she/her)", " (he/him)", " ✨"]
_CREDS = [", PhD", ", MBA", ", CPA", " Jr.", ", PMP", " MSc"]


@dataclass(slots=True)
class Record:
    identities: list[tuple[str, str]]
    name: str | None
    org: str | None
    derived: bool  # carries a name, or a handle made from the name


@dataclass(slots=True)
class Human:
    first: str
    last: str
    middle: str
    companies: list[tuple[str, str]] = field(default_factory=list)  # (display, domain)


_WEIGHTS: dict[tuple[int, float], list[float]] = {}


def _zipf(rng: random.Random, items: list[str], s: float = 0.9) -> str:
    key = (len(items), s)
    if key not in _WEIGHTS:
        acc, cum = 0.0, []
        for i in range(len(items)):
            acc += 1.0 / (i + 1) ** s
            cum.append(acc)
        _WEIGHTS[key] = cum
    return rng.choices(items, cum_weights=_WEIGHTS[key])[0]


def _tail(spec: str) -> list[str]:
    """Surnames of the long tail: every stem with every ending (``Lindqvist``)."""
    stems, _, ends = spec.partition("|")
    return sorted({s + e for s in stems.split() for e in ends.split()})


_POOLS = {c: (f.split(), s.split(), _tail(t)) for c, (f, s, t) in _CULTURES.items()}


def _ascii(s: str) -> str:
    from anyascii import anyascii

    return "".join(ch for ch in anyascii(s).lower() if ch.isalnum())


class World:
    """Generates humans and their platform records, keeping handles unique."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.used: set[tuple[str, str]] = set()
        self.companies = self._companies(1500)
        self.company_weights = [1.0 / (i + 1) for i in range(len(self.companies))]

    def _companies(self, n: int) -> list[tuple[str, str]]:
        out: list[tuple[str, str]] = []
        seen: set[str] = set()
        while len(out) < n:
            a, b = self.rng.sample(_WORDS, 2)
            stem = (a + b).capitalize()
            if stem in seen:
                continue
            seen.add(stem)
            kind = self.rng.choice(_KINDS)
            tld = self.rng.choice([".com", ".com", ".io", ".co.uk", ".de"])
            domain = (stem.lower() + (kind.lower() if self.rng.random() < 0.3 else "")) + tld
            out.append((f"{stem} {kind}", domain))
        return out

    def human(self) -> Human:
        rng = self.rng
        culture = rng.choices(list(_CULTURES), _CULTURE_WEIGHTS)[0]
        firsts, lasts, tail = _POOLS[culture]
        # 15 % of given names come from another culture (migration, mixed families).
        pool = firsts if rng.random() < 0.85 else _POOLS[rng.choice(list(_POOLS))][0]
        first = _zipf(rng, pool, 0.45)
        last = _zipf(rng, lasts, 0.6) if rng.random() < 0.55 or not tail else rng.choice(tail)
        if last in ("De", "Di", "von"):
            last = f"{last} {rng.choice(lasts)}"
        elif rng.random() < 0.02 and culture in ("hispanic", "german_nordic"):
            last = f"{last}-{_zipf(rng, lasts, 0.8)}"  # double-barrelled surname
        middle = rng.choice(firsts)[0] + "." if rng.random() < 0.15 else ""
        h = Human(first, last, middle)
        if rng.random() < 0.8:
            h.companies.append(self.companies[self.company_index()])
            if rng.random() < 0.35:  # a job change: older records name the old employer
                h.companies.append(rng.choice(self.companies))
        return h

    def company_index(self) -> int:
        """Zipf over companies: the user's own employer and big firms recur."""
        return self.rng.choices(range(len(self.companies)), self.company_weights)[0]

    def unique(self, platform: str, handle: str) -> str:
        base, n = handle, 0
        while (platform, handle) in self.used:
            n += 1
            handle = self._suffix(platform, base, n)
        self.used.add((platform, handle))
        return handle

    def _suffix(self, platform: str, base: str, n: int) -> str:
        digits = str(self.rng.randint(2, 999))
        if platform in ("email", "mastodon", "bluesky"):
            local, _, domain = base.partition("@") if platform != "bluesky" else base.partition(".")
            sep = "@" if platform != "bluesky" else "."
            return f"{local}{digits}{sep}{domain}"
        return f"{base}{digits}" if platform != "linkedin" else f"{base}-{n}{digits}"

    def display(self, h: Human, nick_ok: bool = True) -> str:
        """A name as a profile shows it, with realistic noise."""
        rng, first, last = self.rng, h.first, h.last
        nicks = _NICK.get(_ascii(first))
        if nicks and nick_ok and rng.random() < 0.25:
            first = rng.choice(nicks)
        r = rng.random()
        if r < 0.12:
            name = f"{first} {h.middle} {last}" if h.middle else f"{first} {last}"
        elif r < 0.18:
            name = f"{first[0]}. {last}"
        elif r < 0.24:
            name = f"{last}, {first}"
        else:
            name = f"{first} {last}"
        r = rng.random()
        if r < 0.10:
            name += rng.choice(_CREDS)
        elif r < 0.22:
            name += rng.choice(_JUNK)
        if rng.random() < 0.10:
            name = _ascii_words(name)
        return name.lower() if rng.random() < 0.05 else name

    def handle(self, h: Human) -> tuple[str, bool]:
        """A chosen handle and whether it is made from the name."""
        rng = self.rng
        f, last = _ascii(h.first), _ascii(h.last)
        nicks = _NICK.get(f)
        if nicks and rng.random() < 0.2:
            f = _ascii(rng.choice(nicks))
        opts = [
            f + last,
            f"{f}_{last}",
            f[0] + last,
            f"{f}_{last[0]}{rng.randint(1, 99)}",
            f"{f}{last}{rng.randint(1, 99)}",
            f"{f[0]}{last}_dev",
            f"{last}{f}",
            f"{f}.{last}",
        ]
        if rng.random() < 0.2:
            return rng.choice(_WORDS) + rng.choice(_WORDS) + str(rng.randint(1, 999)), False
        return rng.choice(opts)[:15], True


def _ascii_words(s: str) -> str:
    from anyascii import anyascii

    return str(anyascii(s))


def records_for(world: World, h: Human, budget: int) -> list[Record]:
    """Records of one human on ``budget`` platforms."""
    rng = world.rng
    platforms = ["linkedin", "email", "x", "mastodon", "bluesky"]
    chosen = []
    for p in rng.choices(platforms, [80, 60, 45, 15, 15], k=budget * 3):
        if p not in chosen:
            chosen.append(p)
        if len(chosen) == budget:
            break
    out: list[Record] = []
    f, last = _ascii(h.first), _ascii(h.last)
    company = h.companies[0] if h.companies else None
    old = h.companies[-1] if h.companies else None
    email = None
    if "email" in chosen or rng.random() < 0.25:
        if company and rng.random() < 0.6:
            local = rng.choice([f"{f}.{last}", f[0] + last, f + last[0], f, f"{f}_{last}"])
            email = world.unique("email", f"{local}@{rng.choice([company, old])[1]}")
        else:
            local = rng.choice(
                [
                    f"{f}.{last}",
                    f + last,
                    f"{f}.{last}{rng.randint(1, 99)}",
                    f"{f[0]}{last}+news",
                    f"{f}{rng.randint(70, 99)}",
                ]
            )
            email = world.unique("email", f"{local}@{rng.choice(_FREE)}")
    xhandle = None
    for p in chosen:
        if p == "linkedin":
            slug = rng.choice(
                [f"{f}-{last}-{rng.getrandbits(24):06x}", f"{f}{last}", f"{f}-{last}"]
            )
            ids = [("linkedin", world.unique("linkedin", slug))]
            if email and rng.random() < 0.3:  # the connection shared an email address
                ids.append(("email", email))
            org = company[0] + rng.choice(_LEGAL) if company and rng.random() < 0.9 else None
            out.append(Record(ids, world.display(h), org, True))
        elif p == "email" and email:
            name = world.display(h) if rng.random() < 0.65 else None
            org = rng.choice([company, old])[0] if company and rng.random() < 0.2 else None
            out.append(Record([("email", email)], name, org, True))
        elif p == "x":
            handle, derived = world.handle(h)
            xhandle = world.unique("x", handle.replace(".", "_"))
            r = rng.random()
            first = rng.choice(_NICK.get(f, [h.first])) if rng.random() < 0.2 else h.first
            name = (
                world.display(h)
                if r < 0.5
                else f"{first}{rng.choice(_JUNK)}"
                if r < 0.72
                else f"{first} {h.last[0]}."
                if r < 0.8
                else None
            )
            out.append(Record([("x", xhandle)], name, None, derived or name is not None))
        elif p == "mastodon":
            handle, derived = (xhandle, True) if xhandle and rng.random() < 0.5 else world.handle(h)
            acct = world.unique("mastodon", f"{handle.replace('.', '_')}@{rng.choice(_HOSTS)}")
            name = world.display(h) if rng.random() < 0.5 else None
            out.append(Record([("mastodon", acct)], name, None, derived or name is not None))
        elif p == "bluesky":
            r = rng.random()
            if r < 0.3:
                key, derived = f"did:plc:{rng.getrandbits(60):015x}", False
            else:
                handle, derived = (xhandle, True) if xhandle and r < 0.7 else world.handle(h)
                key = world.unique(
                    "bluesky", f"{handle.replace('_', '').replace('.', '')}.bsky.social"
                )
            name = world.display(h) if rng.random() < 0.5 else None
            out.append(Record([("bluesky", key)], name, None, derived or name is not None))
    return out


class UnionFind:
    """Union-find over ints with path halving."""

    def __init__(self, n: int) -> None:
        self.parent = list(range(n))

    def find(self, x: int) -> int:
        p = self.parent
        while p[x] != x:
            p[x] = p[p[x]]
            x = p[x]
        return x

    def union(self, a: int, b: int) -> bool:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return False
        self.parent[rb] = ra
        return True


def generate(n: int, seed: int) -> tuple[list[tuple[str, str]], list[int], list[Record], list[int]]:
    """Identities (platform, handle), their humans, the records, and records' humans."""
    rng = random.Random(seed)
    world = World(rng)
    records: list[Record] = []
    rec_human: list[int] = []
    ident_index: dict[tuple[str, str], int] = {}
    ident_human: list[int] = []
    human_id = 0
    while len(ident_index) < n:
        h = world.human()
        budget = rng.choices([1, 2, 3, 4], [30, 32, 24, 14])[0]
        for rec in records_for(world, h, budget):
            for ident in rec.identities:
                if ident not in ident_index:
                    ident_index[ident] = len(ident_human)
                    ident_human.append(human_id)
            records.append(rec)
            rec_human.append(human_id)
        human_id += 1
    return list(ident_index), ident_human, records, rec_human


def group(
    idents: list[tuple[str, str]], records: list[Record]
) -> tuple[list[PersonFacts], list[int], list[bool]]:
    """Deterministic links as the pipeline makes them: one record's identities, equal emails.

    Returns the people, each identity's person index, and per person whether it
    carries any name evidence (name or name-made handle).
    """
    index = {ident: i for i, ident in enumerate(idents)}
    uf = UnionFind(len(idents))
    for rec in records:
        ids = [index[i] for i in rec.identities]
        for other in ids[1:]:
            uf.union(ids[0], other)
    by_email: dict[str, int] = {}
    for i, (platform, handle) in enumerate(idents):
        if platform == "email" and (key := email_key(handle)):
            if key in by_email:
                uf.union(by_email[key], i)
            by_email.setdefault(key, i)
    roots: dict[int, int] = {}
    ident_person = [roots.setdefault(uf.find(i), len(roots)) for i in range(len(idents))]
    people = [PersonFacts(pid, [], [], []) for pid in range(len(roots))]
    named = [False] * len(roots)
    for i, ident in enumerate(idents):
        people[ident_person[i]].identities.append(ident)
    for rec in records:
        pid = ident_person[index[rec.identities[0]]]
        if rec.name:
            people[pid].names.append(rec.name)
        if rec.org:
            people[pid].organisations.append(rec.org)
        named[pid] = named[pid] or rec.derived
    return people, ident_person, named


@dataclass(slots=True)
class Tally:
    edges: int = 0
    correct_edges: int = 0
    pairs: int = 0
    true_pairs: int = 0


def evaluate(
    ident_human: list[int],
    ident_person: list[int],
    named: list[bool],
    accepted: list[MatchCandidate],
) -> tuple[dict[str, Tally], int, int, int, int]:
    """Merge accepted candidates; attribute identity pairs to the rule that joined them."""
    n_people = len(named)
    members: list[Counter[int]] = [Counter() for _ in range(n_people)]
    for h, p in zip(ident_human, ident_person, strict=True):
        members[p][h] += 1
    tallies: dict[str, Tally] = {"deterministic": Tally()}
    det = tallies["deterministic"]
    for c in members:
        size = sum(c.values())
        det.pairs += size * (size - 1) // 2
        det.true_pairs += sum(k * (k - 1) // 2 for k in c.values())
    person_major = [c.most_common(1)[0][0] for c in members]
    uf = UnionFind(n_people)
    clusters = {p: members[p] for p in range(n_people)}
    for cand in accepted:
        t = tallies.setdefault(cand.rule, Tally())
        t.edges += 1
        t.correct_edges += person_major[cand.a] == person_major[cand.b]
        ra, rb = uf.find(cand.a), uf.find(cand.b)
        if ra == rb:
            continue
        ca, cb = clusters.pop(ra), clusters.pop(rb)
        t.pairs += sum(ca.values()) * sum(cb.values())
        t.true_pairs += sum(k * cb.get(h, 0) for h, k in ca.items())
        uf.union(ra, rb)
        if len(ca) < len(cb):
            ca, cb = cb, ca
        ca.update(cb)
        clusters[uf.find(ra)] = ca
    human_sizes = Counter(ident_human)
    all_true = sum(k * (k - 1) // 2 for k in human_sizes.values())
    # Linkable: identities whose person carries a name or a name-made handle.
    linkable = Counter(h for h, p in zip(ident_human, ident_person, strict=True) if named[p])
    linkable_true = sum(k * (k - 1) // 2 for k in linkable.values())
    # True pairs found among linkable identities only.
    found_linkable = 0
    final: dict[int, Counter[int]] = {}
    for i, (h, p) in enumerate(zip(ident_human, ident_person, strict=True)):
        del i
        if named[p]:
            final.setdefault(uf.find(p), Counter())[h] += 1
    found_linkable = sum(k * (k - 1) // 2 for c in final.values() for k in c.values())
    return tallies, all_true, linkable_true, found_linkable, sum(human_sizes.values())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=100_000, help="number of identities")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--threshold", type=float, default=MatchConfig().auto_merge)
    ap.add_argument("--errors", type=int, default=0, help="print this many wrong merges")
    args = ap.parse_args(argv)
    t0 = time.perf_counter()
    idents, ident_human, records, _rec_human = generate(args.n, args.seed)
    people, ident_person, named = group(idents, records)
    t1 = time.perf_counter()
    candidates = find_candidates(people, MatchConfig())
    accepted = [c for c in candidates if c.confidence >= args.threshold]
    t2 = time.perf_counter()
    tallies, all_true, linkable_true, found_linkable, n_ident = evaluate(
        ident_human, ident_person, named, accepted
    )
    t3 = time.perf_counter()
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    pairs = sum(t.pairs for t in tallies.values())
    tp = sum(t.true_pairs for t in tallies.values())
    print(
        f"identities {n_ident:,}  humans {len(set(ident_human)):,}  people after "
        f"deterministic links {len(people):,}  nameless people {named.count(False):,}"
    )
    print(
        f"candidates >= review {len(candidates):,}  auto-merged (>= {args.threshold}) "
        f"{len(accepted):,}"
    )
    print(
        f"precision {tp / max(pairs, 1):.4f}  recall {tp / max(all_true, 1):.4f}  "
        f"recall excl. nameless {found_linkable / max(linkable_true, 1):.4f}  "
        f"(true pairs {all_true:,}; linkable {linkable_true:,})"
    )
    print(f"{'rule':34} {'edges':>7} {'edge prec':>9} {'pairs':>9} {'pair prec':>9} {'recall+':>8}")
    for rule, t in sorted(tallies.items(), key=lambda kv: -kv[1].true_pairs):
        edge_p = f"{t.correct_edges / t.edges:.4f}" if t.edges else "-"
        print(
            f"{rule:34} {t.edges:>7} {edge_p:>9} {t.pairs:>9} "
            f"{t.true_pairs / max(t.pairs, 1):>9.4f} {t.true_pairs / max(all_true, 1):>8.4f}"
        )
    print(
        f"time: generate+group {t1 - t0:.1f}s  match+merge {t2 - t1:.1f}s  evaluate "
        f"{t3 - t2:.1f}s  peak RSS {rss_mb:.0f} MB"
    )
    if args.errors:
        _show_errors(people, ident_human, ident_person, accepted, args.errors)
    return 0


def _show_errors(
    people: list[PersonFacts],
    ident_human: list[int],
    ident_person: list[int],
    accepted: list[MatchCandidate],
    limit: int,
) -> None:
    major: dict[int, int] = {}
    for h, p in zip(ident_human, ident_person, strict=True):
        major.setdefault(p, h)
    for c in [c for c in accepted if major[c.a] != major[c.b]][:limit]:
        print("WRONG", c.rule, c.confidence, people[c.a], people[c.b], c.reasons, sep="\n  ")


if __name__ == "__main__":
    sys.exit(main())
