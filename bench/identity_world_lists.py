"""Word lists of the identity benchmark's world: names by culture, nicknames, companies.

The curated names are the *heads* of each culture's lists (most frequent
first); :mod:`identity_names` decides how often each is drawn and generates the
tail. The ``concentrated`` world draws only from these lists and a small
stem x ending tail.
"""

from __future__ import annotations

# Per culture: curated given names and surnames (most frequent first), and
# surname morphology (stems x endings) for the concentrated world's small tail.
CULTURES: dict[str, tuple[str, str, str]] = {
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
CULTURE_WEIGHTS = [34, 14, 12, 10, 9, 9, 6, 6]
NICK = {
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
WORDS = [
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
KINDS = [
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
LEGAL = ["", ", Inc.", " Inc", " LLC", " GmbH", " Ltd", " AG", " S.A."]
FREE = ["gmail.com"] * 6 + ["yahoo.com", "outlook.com", "hotmail.com", "icloud.com", "proton.me"]
HOSTS = ["mastodon.social", "hachyderm.io", "fosstodon.org", "mas.to", "infosec.exchange"]
JUNK = [" 🚀", " 🇮🇳", " 🌍", " | Hiring", " | building things", " (she/her)", " (he/him)", " ✨"]
CREDS = [", PhD", ", MBA", ", CPA", " Jr.", ", PMP", " MSc"]
