"""Create the legal pages under the home page, so every installation (production included) has
them after migrate: mentions légales, données personnelles (the processing register), cookies and
the accessibility statement. Editors keep them up to date in the CMS afterwards.
"""

import importlib
import uuid

from django.db import migrations

CONTACT = "contact-numerique-sante@sante.gouv.fr"
DPO = "dpd@sante.gouv.fr"

LEGAL_NOTICE = f"""
<h2>Éditeur</h2>
<p>Ce site est édité par le ministère chargé de la santé (Délégation au numérique en santé),
14 avenue Duquesne, 75350 Paris 07 SP. Il met en œuvre les 18 recommandations du rapport du
Conseil national du numérique (CNNum) sur le numérique en santé, remis au Gouvernement en juin
2020.</p>
<h2>Directeur de la publication</h2>
<p>Le délégué ministériel au numérique en santé.</p>
<h2>Contact</h2>
<p>Pour toute question sur le site : <a href="mailto:{CONTACT}">{CONTACT}</a>.</p>
<h2>Hébergement</h2>
<p>Le site est hébergé en France, sur l'infrastructure de l'hébergeur retenu par le ministère,
certifiée pour l'hébergement de données de santé lorsque des dossiers d'innovation en
contiennent.</p>
<h2>Réutilisation des contenus</h2>
<p>Sauf mention contraire, les contenus de ce site sont publiés sous la Licence Ouverte 2.0
(Etalab). Les données d'avancement des recommandations sont publiées en données ouvertes
(CSV et JSON) depuis la page « Avancement ».</p>
<h2>Connexion avec ProConnect et FranceConnect</h2>
<p>Les agents publics peuvent se connecter avec ProConnect, les citoyens avec FranceConnect,
services de l'État. Le site ne reçoit de ces services que l'identifiant technique, l'adresse
électronique, les nom et prénom et, pour ProConnect, le niveau d'authentification.</p>
<h2>Liens hypertextes</h2>
<p>Tout site public ou privé peut faire un lien vers ce site sans autorisation préalable. Le
ministère n'est pas responsable du contenu des sites vers lesquels ce site renvoie.</p>
"""

PERSONAL_DATA = f"""
<p>Le ministère chargé de la santé est responsable des traitements de données personnelles de
ce site. Ils respectent le règlement général sur la protection des données (RGPD) et la loi
« Informatique et libertés ». Voici le registre des traitements que fait la plateforme.</p>
<h2>Comptes des utilisateurs</h2>
<ul>
<li><b>Finalité</b> : permettre de se connecter, de participer aux consultations, de déposer
ou d'instruire des dossiers, et sécuriser l'accès des agents (double authentification).</li>
<li><b>Base légale</b> : mission d'intérêt public (article 6-1-e du RGPD).</li>
<li><b>Données</b> : identifiant, adresse électronique, nom et prénom s'ils sont donnés,
mot de passe chiffré, rôles, secret de double authentification ; pour une connexion
ProConnect ou FranceConnect, l'identifiant transmis par le service et le niveau
d'authentification.</li>
<li><b>Durée de conservation</b> : tant que le compte est actif ; le compte peut être supprimé
à tout moment depuis « Mon compte ».</li>
<li><b>Destinataires</b> : les administrateurs de la plateforme.</li>
</ul>
<h2>Contributions aux consultations</h2>
<ul>
<li><b>Finalité</b> : recueillir et publier les avis du public, les modérer, en faire la
synthèse.</li>
<li><b>Base légale</b> : mission d'intérêt public (article 6-1-e du RGPD).</li>
<li><b>Données</b> : texte des commentaires et réponses, nom affiché, votes, signalements,
décisions de modération et leurs motifs.</li>
<li><b>Durée de conservation</b> : le temps de la consultation et de sa synthèse, puis en
archive publique ; à la suppression d'un compte, ses commentaires restent dans les fils sous
la mention « compte supprimé ».</li>
<li><b>Destinataires</b> : le public pour les commentaires publiés ; les modérateurs et le
ministère pour les signalements et la modération.</li>
</ul>
<h2>Dossiers d'innovation</h2>
<ul>
<li><b>Finalité</b> : instruire les dossiers déposés par les entrepreneurs (pôle régional
d'innovation, avis de la HAS, de l'ANS ou de l'ARS, décision).</li>
<li><b>Base légale</b> : mission d'intérêt public (article 6-1-e du RGPD).</li>
<li><b>Données</b> : identité et coordonnées des déposants et co-éditeurs, entreprise
(SIRET), contenu du dossier et pièces jointes, échanges, avis, décisions et historique des
étapes.</li>
<li><b>Durée de conservation</b> : un brouillon inactif pendant 12 mois est supprimé après un
avertissement ; un dossier clos est archivé puis ses données personnelles sont anonymisées à
l'issue de la durée légale d'archivage.</li>
<li><b>Destinataires</b> : les agents chargés de l'instruction (pôle régional, HAS, ANS, ARS,
décideurs du ministère), chacun pour les dossiers qui le concernent.</li>
</ul>
<h2>Suivi de la mise en œuvre des recommandations</h2>
<ul>
<li><b>Finalité</b> : publier l'avancement des recommandations, validé par une seconde
personne.</li>
<li><b>Base légale</b> : mission d'intérêt public (article 6-1-e du RGPD).</li>
<li><b>Données</b> : nom des agents du ministère qui rédigent et publient les mises à jour,
dates.</li>
<li><b>Durée de conservation</b> : le temps du suivi du rapport ; l'historique publié est
conservé comme archive publique.</li>
<li><b>Destinataires</b> : les agents du ministère ; le public pour les mises à jour
publiées.</li>
</ul>
<h2>Journaux de sécurité</h2>
<ul>
<li><b>Finalité</b> : protéger le site contre les abus (limitation des tentatives de
connexion, des contributions et des signalements) et tracer les actions des agents.</li>
<li><b>Base légale</b> : obligation de sécurité des traitements (article 32 du RGPD).</li>
<li><b>Données</b> : adresse IP, navigateur, date et nature de l'action.</li>
<li><b>Durée de conservation</b> : 12 mois au plus pour les adresses IP et les navigateurs ;
les journaux de modération et d'instruction gardent leurs lignes, mais perdent le nom des
comptes supprimés.</li>
<li><b>Destinataires</b> : les administrateurs de la plateforme.</li>
</ul>
<h2>Vos droits</h2>
<p>Vous pouvez accéder à vos données, les rectifier, les effacer, en limiter le traitement,
vous y opposer et en demander la portabilité. Depuis « Mon compte », vous pouvez télécharger
vos données et supprimer votre compte. Pour toute autre demande, écrivez au délégué à la
protection des données du ministère : <a href="mailto:{DPO}">{DPO}</a>.</p>
<p>Si vous estimez que vos droits ne sont pas respectés, vous pouvez adresser une réclamation
à la CNIL (<a href="https://www.cnil.fr/fr/plaintes">www.cnil.fr/fr/plaintes</a>).</p>
<h2>Sous-traitants</h2>
<p>L'hébergeur du site, en France. Aucune donnée n'est transmise hors de l'Union européenne
ni à des fins commerciales.</p>
"""

COOKIES = """
<p>Ce site ne dépose aucun cookie de mesure d'audience, de publicité ni de réseau social.
Il n'utilise que les cookies nécessaires à son fonctionnement, exemptés de consentement
(article 82 de la loi « Informatique et libertés ») ; aucun bandeau de consentement n'est donc
affiché.</p>
<h2>Cookies déposés</h2>
<ul>
<li><b>sessionid</b> : maintient la connexion à votre compte ; il est aussi utilisé pendant
une connexion avec ProConnect ou FranceConnect. Durée : deux semaines au plus, ou jusqu'à la
déconnexion.</li>
<li><b>csrftoken</b> : protège les formulaires contre la falsification de requêtes.
Durée : un an.</li>
<li><b>messages</b> : affiche une seule fois un message après une action (par exemple
« Vous êtes connecté »), puis disparaît. Durée : le temps de la navigation.</li>
<li><b>django_language</b> : retient la langue choisie (français ou anglais), s'il vous arrive
d'en changer. Durée : un an.</li>
</ul>
<p>Lors d'une connexion avec ProConnect ou FranceConnect, ces services déposent leurs propres
cookies sur leurs propres sites, selon leurs politiques.</p>
"""

ACCESSIBILITY = f"""
<p>Le ministère chargé de la santé s'engage à rendre ce site accessible conformément à
l'article 47 de la loi n° 2005-102 du 11 février 2005. Cette déclaration d'accessibilité
s'applique au site « Numérique en santé ».</p>
<h2>État de conformité</h2>
<p>Ce site est <b>non conforme</b> avec le référentiel général d'amélioration de
l'accessibilité (RGAA) version 4.1 : il n'a pas encore fait l'objet d'un audit complet.</p>
<h2>Résultats des tests</h2>
<p>Chaque version du site passe une vérification automatique : l'outil axe-core contrôle, dans
un navigateur, chaque page visitée par la suite de tests (pages publiques, comptes, dossiers,
instruction, pages légales), et toute anomalie détectée bloque la mise en production. La
navigation au clavier des parcours principaux est aussi testée. Ces contrôles automatiques ne
couvrent qu'une partie des critères du RGAA.</p>
<h2>Établissement de cette déclaration</h2>
<p>Technologies utilisées : HTML, CSS, JavaScript (Système de design de l'État, DSFR).
Environnement de test : Chromium en mode sans interface, axe-core 4.</p>
<h2>Retour d'information et contact</h2>
<p>Si vous n'arrivez pas à accéder à un contenu ou à un service, écrivez-nous à
<a href="mailto:{CONTACT}">{CONTACT}</a> pour être orienté vers une alternative accessible ou
obtenir le contenu sous une autre forme.</p>
<h2>Voies de recours</h2>
<p>Si vous constatez un défaut d'accessibilité vous empêchant d'accéder à un contenu ou à un
service, que vous nous l'avez signalé et que vous n'avez pas obtenu de réponse satisfaisante,
vous pouvez écrire au Défenseur des droits
(<a href="https://formulaire.defenseurdesdroits.fr/">formulaire en ligne</a>), contacter son
délégué dans votre région, ou envoyer un courrier gratuit à : Défenseur des droits, Libre
réponse 71120, 75342 Paris CEDEX 07.</p>
"""

LEGAL_PAGES = [
    ("mentions-legales", "Mentions légales", "Éditeur, hébergement et conditions de réutilisation du site.", LEGAL_NOTICE),
    ("donnees-personnelles", "Données personnelles", "Le registre des traitements de la plateforme et vos droits.", PERSONAL_DATA),
    ("cookies", "Gestion des cookies", "Les seuls cookies du site : session, sécurité des formulaires, messages et langue.", COOKIES),
    ("accessibilite", "Déclaration d'accessibilité", "État de conformité au RGAA, tests et moyens de signaler un problème.", ACCESSIBILITY),
]


def create_legal_pages(apps, schema_editor):
    home = apps.get_model("cms", "HomePage").objects.filter(depth=2).first()
    if home is None:
        return
    tree = importlib.import_module("cms.migrations.0004_report_pages").PageTree(apps)
    content_page = apps.get_model("cms", "ContentPage")
    for slug, title, intro, body in LEGAL_PAGES:
        tree.add_child(
            home,
            content_page,
            slug,
            title,
            listing_intro=intro,
            search_description=intro,
            show_in_menus=False,
            body=[{"type": "paragraph", "value": body.strip(), "id": str(uuid.uuid4())}],
        )


def remove_legal_pages(apps, schema_editor):
    home = apps.get_model("cms", "HomePage").objects.filter(depth=2).first()
    if home is None:
        return
    page_model = apps.get_model("wagtailcore", "Page")
    children = page_model.objects.filter(path__startswith=home.path, depth=home.depth + 1)
    apps.get_model("cms", "ContentPage").objects.filter(
        pk__in=children.values("pk"), slug__in=[page[0] for page in LEGAL_PAGES]
    ).delete()
    page_model.objects.filter(pk=home.pk).update(numchild=children.count())


class Migration(migrations.Migration):
    dependencies = [("cms", "0007_chained_moderation_log")]

    operations = [migrations.RunPython(create_legal_pages, remove_legal_pages)]
