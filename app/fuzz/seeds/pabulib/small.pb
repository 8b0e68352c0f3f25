META
key;value
description;Small budget
country;France
unit;Exemple
instance;2026
num_projects;3
num_votes;3
budget;1000
vote_type;cumulative
rule;greedy
PROJECTS
project_id;cost;name;votes;selected
1;400;"Bancs; en bois";2;1
2;600;Arbres;2;1
3;500;Fontaine;1;0
VOTES
voter_id;vote;points;voting_method
a;1,2;3,1;internet
b;2;4;paper
c;3,1;2,2;internet
